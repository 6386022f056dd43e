import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { disputes } from '../../../contracts/disputes.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';

/** Labour-dispute joint mediation: cases, invitations of partner agencies, sessions, agreement, confirmation, referral, outcome, figures. */
export function registerDisputeRoutes(app: App, c: Container): void {
  app.route({
    ...contractRoute(disputes.list),
    config: { signedIn: true },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.disputes.list(ctx(req), { ...req.query, page, pageSize })), page, pageSize };
    },
  });
  app.route({
    ...contractRoute(disputes.exportXlsx),
    config: { permission: 'dispute.read' },
    handler: async (req, reply) => {
      const buf = await c.disputes.exportXlsx(ctx(req), req.query);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', 'attachment; filename="disputes.xlsx"').send(buf);
    },
  });
  app.route({ ...contractRoute(disputes.figures), config: { permission: 'dispute.read' }, handler: async (req) => c.disputes.figures(req.actor!, req.query) });
  app.route({
    ...contractRoute(disputes.partnerOrgs),
    config: { permission: 'dispute.manage' },
    handler: async (req) => ({ items: await c.disputes.partnerOrgs(req.actor!) }),
  });
  app.route({
    ...contractRoute(disputes.open),
    config: { permission: 'dispute.manage' },
    handler: async (req, reply) => reply.code(201).send(await c.disputes.open(ctx(req), req.body)),
  });
  app.route({ ...contractRoute(disputes.get), config: { signedIn: true }, handler: async (req) => c.disputes.get(ctx(req), req.params.id) });
  app.route({
    ...contractRoute(disputes.reveal),
    config: { signedIn: true },
    handler: async (req) => c.disputes.reveal(ctx(req), req.params.id, req.body.purpose.trim()),
  });
  app.route({
    ...contractRoute(disputes.invite),
    config: { permission: 'dispute.manage' },
    handler: async (req) => c.disputes.invite(ctx(req), req.params.id, req.body),
  });
  app.route({
    ...contractRoute(disputes.withdraw),
    config: { permission: 'dispute.manage' },
    handler: async (req) => c.disputes.withdraw(ctx(req), req.params.id, req.params.invitationId, req.body),
  });
  app.route({
    ...contractRoute(disputes.accept),
    config: { permission: 'dispute.partner' },
    handler: async (req) => c.disputes.respond(ctx(req), req.params.id, req.params.invitationId, 'accept', req.body),
  });
  app.route({
    ...contractRoute(disputes.decline),
    config: { permission: 'dispute.partner' },
    handler: async (req) => c.disputes.respond(ctx(req), req.params.id, req.params.invitationId, 'decline', req.body),
  });
  app.route({
    ...contractRoute(disputes.addSession),
    config: { signedIn: true },
    handler: async (req) => c.disputes.addSession(ctx(req), req.params.id, req.body),
  });
  app.route({
    ...contractRoute(disputes.agreement),
    config: { signedIn: true },
    handler: async (req) => c.disputes.agreement(ctx(req), req.params.id, req.body),
  });
  app.route({
    ...contractRoute(disputes.confirm),
    config: { permission: 'dispute.partner' },
    handler: async (req) => c.disputes.confirm(ctx(req), req.params.id, req.body),
  });
  app.route({
    ...contractRoute(disputes.refer),
    config: { permission: 'dispute.manage' },
    handler: async (req) => c.disputes.refer(ctx(req), req.params.id, req.body),
  });
  app.route({
    ...contractRoute(disputes.close),
    config: { permission: 'dispute.manage' },
    handler: async (req) => c.disputes.close(ctx(req), req.params.id, req.body),
  });
}
