import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { benefits } from '../../../contracts/benefits.js';
import { contractRoute } from '../../platform/http/contract.js';
import { citizenOf, ctx } from '../../platform/http/plugin.js';

/** Worker benefits (职工普惠): offers, claims, vouchers, redemption, lotteries, reviews, person-times; the portal's claims. */
export function registerBenefitRoutes(app: App, c: Container): void {
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });
  const page = (q: { page?: number; pageSize?: number }) => ({ page: q.page ?? 1, pageSize: q.pageSize ?? 20 });

  app.route({ ...contractRoute(benefits.providers), config: { permission: 'benefit.manage' }, handler: async () => ({ items: await c.benefits.providers() }) });
  app.route({
    ...contractRoute(benefits.list),
    config: { signedIn: true },
    handler: async (req) => c.benefits.list(req.actor!, { status: req.query.status, ...page(req.query) }),
  });
  app.route({
    ...contractRoute(benefits.create),
    config: { permission: 'benefit.manage' },
    handler: async (req, reply) => reply.code(201).send(await c.benefits.create(ctx(req), req.body)),
  });
  app.route({ ...contractRoute(benefits.get), config: { signedIn: true }, handler: async (req) => c.benefits.get(req.actor!, req.params.id) });
  app.route({
    ...contractRoute(benefits.pause),
    config: { permission: 'benefit.manage' },
    handler: async (req) => c.benefits.pause(ctx(req), req.params.id, req.body.version),
  });
  app.route({
    ...contractRoute(benefits.resume),
    config: { permission: 'benefit.manage' },
    handler: async (req) => c.benefits.resume(ctx(req), req.params.id, req.body.version),
  });
  app.route({
    ...contractRoute(benefits.extend),
    config: { permission: 'benefit.manage' },
    handler: async (req) => c.benefits.extend(ctx(req), req.params.id, req.body.claimTo, req.body.version),
  });
  app.route({
    ...contractRoute(benefits.addQuota),
    config: { permission: 'benefit.manage' },
    handler: async (req) => c.benefits.addQuota(ctx(req), req.params.id, req.body.add, req.body.version),
  });
  app.route({ ...contractRoute(benefits.draw), config: { permission: 'benefit.manage' }, handler: async (req) => c.benefits.draw(ctx(req), req.params.id) });
  app.route({
    ...contractRoute(benefits.claims),
    config: { signedIn: true },
    handler: async (req) => c.benefits.claims(req.actor!, req.params.id, { status: req.query.status, ...page(req.query) }),
  });
  app.route({
    ...contractRoute(benefits.decide),
    config: { permission: 'benefit.manage' },
    handler: async (req) => c.benefits.decide(ctx(req), req.params.id, req.body),
  });
  app.route({
    ...contractRoute(benefits.personTimes),
    config: { signedIn: true },
    handler: async (req) => c.benefits.personTimes(req.actor!, req.query.month),
  });

  app.route({
    ...contractRoute(benefits.vouchers),
    config: { permission: 'benefit.redeem' },
    handler: async (req) => c.benefits.vouchers(req.actor!, page(req.query)),
  });
  app.route({
    ...contractRoute(benefits.lookup),
    config: { permission: 'benefit.redeem' },
    handler: async (req) => c.benefits.lookup(req.actor!, req.body.code),
  });
  app.route({
    ...contractRoute(benefits.redeem),
    config: { permission: 'benefit.redeem' },
    handler: async (req) => c.benefits.redeem(ctx(req), req.body.code),
  });
  app.route({
    ...contractRoute(benefits.createKey),
    config: { permission: 'benefit.redeem' },
    handler: async (req, reply) => reply.code(201).send(await c.benefits.createKey(ctx(req), req.body.name)),
  });
  app.route({
    ...contractRoute(benefits.reportUsage),
    config: { public: true },
    handler: async (req) => {
      const key = req.headers['x-api-key'];
      await c.benefits.reportUsage(meta(req), typeof key === 'string' ? key : undefined, req.body);
      return { ok: true };
    },
  });

  // Portal: the signed-in citizen as a member.
  app.route({
    ...contractRoute(benefits.portalList),
    config: { citizen: 'required' },
    handler: async (req) => c.benefits.eligibleOffers(citizenOf(req)),
  });
  app.route({
    ...contractRoute(benefits.portalClaim),
    config: { citizen: 'required' },
    handler: async (req, reply) => reply.code(201).send(await c.benefits.claim(meta(req), citizenOf(req), req.params.id, req.body)),
  });
  app.route({ ...contractRoute(benefits.lottery), config: { public: true }, handler: async (req) => c.benefits.lottery(req.params.id) });
  app.route({
    ...contractRoute(benefits.mine),
    config: { citizen: 'required' },
    handler: async (req) => ({ items: await c.benefits.mine(citizenOf(req)) }),
  });
  app.route({
    ...contractRoute(benefits.cancelMine),
    config: { citizen: 'required' },
    handler: async (req) => c.benefits.cancelMine(meta(req), citizenOf(req), req.params.id),
  });
  app.route({
    ...contractRoute(benefits.rateMine),
    config: { citizen: 'required' },
    handler: async (req, reply) => reply.code(201).send(await c.benefits.rateMine(meta(req), citizenOf(req), req.params.id, req.body)),
  });
}
