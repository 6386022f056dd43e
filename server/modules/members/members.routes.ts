import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { MEMBER_IMPORT_MAX_BYTES, members } from '../../../contracts/members.js';
import { AppError } from '../../platform/errors.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { contractRoute, streamedUploadRoute } from '../../platform/http/contract.js';
import { citizenOf, ctx } from '../../platform/http/plugin.js';
import { streamedFile } from '../../platform/http/streamed-upload.js';

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', 'file', { reason: 'maximum', limit: `${MEMBER_IMPORT_MAX_BYTES / 1024 / 1024} MB` });

/** The member list of a multipart upload (part "file"), read in the handler as a stream (ADR 0027). */
const importUpload = (req: FastifyRequest) => streamedFile(req, { field: 'file', maxBytes: MEMBER_IMPORT_MAX_BYTES, defaultName: 'members.csv', tooLarge });

/** Members (会员): the registry, self-registration, transfers, member cards and imports; portal registration and card. */
export function registerMembersRoutes(app: App, c: Container): void {
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });
  const exportLimit = { max: 10, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `export:${req.actor?.accountId ?? req.ip}` };

  app.route({
    ...contractRoute(members.list),
    config: { permission: 'member.read' },
    handler: async (req) => ({ ...(await c.members.list(req.actor!, req.query)), page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20 }),
  });
  app.route({ ...contractRoute(members.lookup), config: { permission: 'member.read' }, handler: async (req) => c.members.lookup(req.actor!, req.body) });
  app.route({
    ...contractRoute(members.exportXlsx),
    config: { permission: 'member.read', rateLimit: exportLimit },
    handler: async (req, reply) => {
      const buf = await c.members.exportXlsx(ctx(req), req.query);
      return reply.type(XLSX_TYPE).header('content-disposition', 'attachment; filename="members.xlsx"').send(buf);
    },
  });
  app.route({
    ...contractRoute(members.enrol),
    config: { permission: 'member.write' },
    handler: async (req, reply) => reply.code(201).send(await c.members.enrol(ctx(req), req.body)),
  });
  app.route({ ...contractRoute(members.get), config: { permission: 'member.read' }, handler: async (req) => c.members.get(ctx(req), req.params.id) });
  app.route({
    ...contractRoute(members.setTags),
    config: { permission: 'member.write' },
    handler: async (req) => c.members.setTags(ctx(req), req.params.id, req.body),
  });
  app.route({
    ...contractRoute(members.leave),
    config: { permission: 'member.write' },
    handler: async (req) => c.members.leave(ctx(req), req.params.id, req.body.reason),
  });
  app.route({
    ...contractRoute(members.registrations),
    config: { permission: 'member.read' },
    handler: async (req) => c.members.registrations(req.actor!, req.query),
  });
  app.route({
    ...contractRoute(members.confirmRegistration),
    config: { permission: 'member.write' },
    handler: async (req) => c.members.confirmRegistration(ctx(req), req.params.id),
  });
  app.route({
    ...contractRoute(members.rejectRegistration),
    config: { permission: 'member.write' },
    handler: async (req) => c.members.rejectRegistration(ctx(req), req.params.id, req.body.reason),
  });
  app.route({ ...contractRoute(members.transfers), config: { permission: 'member.read' }, handler: async (req) => c.members.transfers(req.actor!, req.query) });
  app.route({
    ...contractRoute(members.requestTransfer),
    config: { permission: 'member.write' },
    handler: async (req, reply) => reply.code(201).send(await c.members.requestTransfer(ctx(req), req.body)),
  });
  app.route({
    ...contractRoute(members.confirmTransfer),
    config: { permission: 'member.write' },
    handler: async (req) => c.members.confirmTransfer(ctx(req), req.params.id),
  });
  app.route({
    ...contractRoute(members.rejectTransfer),
    config: { permission: 'member.write' },
    handler: async (req) => c.members.rejectTransfer(ctx(req), req.params.id, req.body.reason),
  });
  app.route({
    ...contractRoute(members.verifyCard),
    config: { permission: 'member.verify' },
    handler: async (req) => c.members.verifyCard(ctx(req), req.body.token),
  });

  // The upload parses multipart only in this scope, with the import's own size limit.
  app.register(async (child) => {
    await child.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: MEMBER_IMPORT_MAX_BYTES, files: 1, fields: 2, fieldSize: 1000, parts: 3 },
    });
    child.withTypeProvider<TypeBoxTypeProvider>().route({
      ...streamedUploadRoute(contractRoute(members.previewImport), { permission: 'member.write', rateLimit: exportLimit }),
      handler: async (req, reply) => reply.code(201).send(await c.members.imports.preview(ctx(req), req.lang, await importUpload(req))),
    });
  });
  app.route({
    ...contractRoute(members.getImport),
    config: { permission: 'member.write' },
    handler: async (req) => c.members.imports.get(ctx(req), req.lang, req.params.id),
  });
  app.route({
    ...contractRoute(members.commitImport),
    config: { permission: 'member.write' },
    handler: async (req, reply) => reply.code(202).send(await c.members.imports.commit(ctx(req), req.lang, req.params.id)),
  });
  app.route({
    ...contractRoute(members.importErrors),
    config: { permission: 'member.write', rateLimit: exportLimit },
    handler: async (req, reply) => {
      const buf = await c.members.imports.errorFile(ctx(req), req.lang, req.params.id);
      return reply.type(XLSX_TYPE).header('content-disposition', 'attachment; filename="member-import-errors.xlsx"').send(buf);
    },
  });

  // ───────────── Portal ─────────────
  app.route({
    ...contractRoute(members.unions),
    config: { public: true },
    handler: async (req) => c.members.searchUnions(req.query.q, req.query.newForm ?? false),
  });
  app.route({ ...contractRoute(members.union), config: { public: true }, handler: async (req) => c.members.unionPublic(req.params.id) });
  app.route({
    ...contractRoute(members.myMembership),
    config: { citizen: 'required' },
    handler: async (req) => c.members.myMembership(citizenOf(req)),
  });
  app.route({
    ...contractRoute(members.register),
    config: { citizen: 'required' },
    handler: async (req, reply) => reply.code(201).send(await c.members.register(meta(req), citizenOf(req), req.body)),
  });
  app.route({ ...contractRoute(members.myCard), config: { citizen: 'required' }, handler: async (req) => c.members.myCard(citizenOf(req)) });
}
