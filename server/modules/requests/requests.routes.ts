import { createReadStream } from 'node:fs';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { requests } from '../../../contracts/requests.js';
import { contractRoute, openRoute, uploadRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';
import { AppError } from '../../platform/errors.js';
import { ATTACHMENT_LIMITS } from './requests.policy.js';
import { toPublicReceipt } from './requests.service.js';

async function onFile(this: unknown, part: MultipartFile) {
  let data: Buffer;
  try {
    data = await part.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', 'file', { limit: ATTACHMENT_LIMITS.maxBytes });
    throw err;
  }
  const value = { name: part.filename || 'file' };
  Object.defineProperty(value, 'data', { value: data, enumerable: false });
  (part as unknown as { value: unknown }).value = value;
}

const multipartOptions = {
  attachFieldsToBody: 'keyValues' as const,
  onFile,
  limits: { fileSize: ATTACHMENT_LIMITS.maxBytes, files: 1, fields: 4, fieldSize: 1000, parts: 6 },
};

export const byIp = (prefix: string) => (req: FastifyRequest) => `${prefix}:${req.ip}`;

/** Per-IP limits of the public doors, per minute. */
export const PORTAL_LIMITS = { submit: 10, view: 30, rate: 10 } as const;

/** Staff routes of the request desk (inbox, detail, actions, supervision) and the catalogue; the citizen portal routes. */
export function registerRequestRoutes(app: App, c: Container): void {
  // ───────────── Catalogue and routing rules ─────────────
  app.route({
    ...contractRoute(requests.categories),
    config: { signedIn: true },
    handler: async (req) => ({ items: await c.requests.categories(!req.query.includeInactive) }),
  });

  app.route({
    ...contractRoute(requests.createCategory),
    config: { permission: 'category.write' },
    handler: async (req, reply) => reply.code(201).send(await c.requests.createCategory(ctx(req), req.body)),
  });

  app.route({
    ...contractRoute(requests.updateCategory),
    config: { permission: 'category.write' },
    handler: async (req) => c.requests.updateCategory(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(requests.rules),
    config: { permission: 'request.read' },
    handler: async (req) => ({ items: await c.requests.rules(req.query.category) }),
  });

  app.route({
    ...contractRoute(requests.setRule),
    config: { permission: 'category.write' },
    handler: async (req, reply) => reply.code(201).send(await c.requests.setRule(ctx(req), req.body)),
  });

  app.route({
    ...contractRoute(requests.deleteRule),
    config: { permission: 'category.write' },
    handler: async (req) => {
      await c.requests.deleteRule(ctx(req), req.params.id);
      return { ok: true };
    },
  });

  // ───────────── Staff: intake, inbox, detail ─────────────
  app.route({
    ...contractRoute(requests.submit),
    config: { permission: 'request.handle' },
    handler: async (req, reply) => reply.code(201).send(await c.requests.submitByStaff(ctx(req), req.body)),
  });

  app.route({
    ...contractRoute(requests.list),
    config: { permission: 'request.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      const { category, ...rest } = req.query;
      return { ...(await c.requests.list(req.actor!, { ...rest, categoryCode: category, page, pageSize })), page, pageSize };
    },
  });

  app.route({
    ...contractRoute(requests.supervision),
    config: { permission: 'request.supervise' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.requests.supervision(req.actor!, page, pageSize)), page, pageSize };
    },
  });

  app.route({
    ...contractRoute(requests.get),
    config: { permission: 'request.read' },
    handler: async (req) => c.requests.get(req.actor!, req.params.id),
  });

  app.route({
    ...contractRoute(requests.reveal),
    config: { permission: 'people.reveal', rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: (req) => `reveal:${req.actor?.accountId ?? req.ip}` } },
    handler: async (req) => c.requests.reveal(ctx(req), req.params.id, req.body.purpose.trim()),
  });

  // ───────────── Actions ─────────────
  app.route({
    ...contractRoute(requests.accept),
    config: { permission: 'request.handle' },
    handler: async (req) => c.requests.act(ctx(req), req.params.id, 'accept', req.body),
  });
  app.route({
    ...contractRoute(requests.respond),
    config: { permission: 'request.handle' },
    handler: async (req) => c.requests.act(ctx(req), req.params.id, 'respond', req.body),
  });
  app.route({
    ...contractRoute(requests.note),
    config: { permission: 'request.handle' },
    handler: async (req) => c.requests.act(ctx(req), req.params.id, 'note', req.body),
  });
  app.route({
    ...contractRoute(requests.return),
    config: { permission: 'request.handle' },
    handler: async (req) => c.requests.act(ctx(req), req.params.id, 'return', req.body),
  });
  app.route({
    ...contractRoute(requests.escalate),
    config: { permission: 'request.handle' },
    handler: async (req) => c.requests.act(ctx(req), req.params.id, 'escalate', req.body),
  });
  app.route({
    ...contractRoute(requests.close),
    config: { permission: 'request.handle' },
    handler: async (req) => c.requests.act(ctx(req), req.params.id, 'close', req.body),
  });

  app.route({
    ...contractRoute(requests.resolve),
    config: { permission: 'request.handle' },
    handler: async (req) => c.requests.act(ctx(req), req.params.id, 'resolve', req.body),
  });

  app.route({
    ...contractRoute(requests.transfer),
    config: { permission: 'request.dispatch' },
    handler: async (req) => c.requests.reassign(ctx(req), req.params.id, 'transfer', { ...req.body, note: req.body.note ?? '' }),
  });
  app.route({
    ...contractRoute(requests.dispatch),
    config: { permission: 'request.dispatch' },
    handler: async (req) => c.requests.reassign(ctx(req), req.params.id, 'dispatch', { ...req.body, note: req.body.note ?? '' }),
  });

  app.route({
    ...contractRoute(requests.addCoHandler),
    config: { permission: 'request.dispatch' },
    handler: async (req) => c.requests.addCoHandler(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(requests.supervise),
    config: { permission: 'request.supervise' },
    handler: async (req) => c.requests.supervise(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(requests.takeOver),
    config: { permission: 'request.supervise' },
    handler: async (req) => c.requests.takeOver(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(requests.callback),
    config: { permission: 'request.handle' },
    handler: async (req) => c.requests.callback(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(requests.duplicate),
    config: { permission: 'request.handle' },
    handler: async (req) => c.requests.linkDuplicate(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(requests.attachment),
    config: { permission: 'request.read' },
    handler: async (req, reply) => {
      const f = await c.requests.attachmentFile(req.actor!, req.params.id, req.params.attachmentId);
      return reply
        .type(f.mime)
        .header('content-length', String(f.size))
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .send(createReadStream(f.path));
    },
  });

  // Uploads parse multipart only in this scope; files are checked by their magic bytes, not their declared type.
  app.register(async (child) => {
    await child.register(multipart, multipartOptions);
    const scoped = child.withTypeProvider<TypeBoxTypeProvider>();
    scoped.route({
      ...uploadRoute(contractRoute(requests.attach)),
      config: { permission: 'request.handle' },
      handler: async (req, reply) => reply.code(201).send(await c.requests.addAttachment(ctx(req), req.params.id, req.body.file)),
    });
    scoped.route({
      ...uploadRoute(openRoute(contractRoute(requests.portalAttach))),
      config: { public: true, rateLimit: { max: PORTAL_LIMITS.submit, timeWindow: 60_000, keyGenerator: byIp('portal-attach') } },
      handler: async (req, reply) =>
        reply.code(201).send(await c.requests.addPublicAttachment({ ip: req.ip, requestId: req.id }, req.params.number, req.body.phone, req.body.file)),
    });
  });

  // ───────────── Open311 API keys (system administrator) ─────────────
  app.route({
    ...contractRoute(requests.apiKeys),
    config: { permission: 'apikey.write' },
    handler: async () => ({ items: await c.requests.apiKeys() }),
  });
  app.route({
    ...contractRoute(requests.issueApiKey),
    config: { permission: 'apikey.write' },
    handler: async (req, reply) => reply.code(201).send(await c.requests.issueApiKey(ctx(req), req.body.name)),
  });
  app.route({
    ...contractRoute(requests.revokeApiKey),
    config: { permission: 'apikey.write' },
    handler: async (req) => {
      await c.requests.revokeApiKey(ctx(req), req.params.id);
      return { ok: true };
    },
  });

  // ───────────── Citizen portal ─────────────
  app.route({
    ...openRoute(contractRoute(requests.portalCategories)),
    config: { public: true },
    handler: async () => ({ items: await c.requests.categories(true) }),
  });

  app.route({
    ...openRoute(contractRoute(requests.portalSubmit)),
    config: {
      public: true,
      rateLimit: { max: PORTAL_LIMITS.submit, timeWindow: 60_000, keyGenerator: byIp('portal-submit') },
      // A retried submission whose first answer was lost is answered from the request its transaction wrote.
      idempotentAnswer: toPublicReceipt,
    },
    handler: async (req, reply) => {
      const b = req.body;
      const input = {
        categoryCode: b.categoryCode,
        description: b.description,
        regionCode: b.regionCode,
        address: b.address,
        contactName: b.contactName,
        contactPhone: b.contactPhone,
        fields: b.fields,
        publishDescription: b.publishDescription,
      };
      return reply.code(201).send(await c.requests.submitPublic({ ip: req.ip, requestId: req.id }, input, 'portal'));
    },
  });

  app.route({
    ...openRoute(contractRoute(requests.portalView)),
    config: { public: true, rateLimit: { max: PORTAL_LIMITS.view, timeWindow: 60_000, keyGenerator: byIp('portal-view') } },
    handler: async (req) => c.requests.portalView(req.params.number, req.query.phone),
  });

  app.route({
    ...openRoute(contractRoute(requests.portalRate)),
    config: { public: true, rateLimit: { max: PORTAL_LIMITS.rate, timeWindow: 60_000, keyGenerator: byIp('portal-rate') } },
    handler: async (req, reply) => reply.code(201).send(await c.requests.rate({ ip: req.ip, requestId: req.id }, req.params.number, req.body)),
  });

  app.route({
    ...openRoute(contractRoute(requests.portalInfo)),
    config: { public: true, rateLimit: { max: PORTAL_LIMITS.submit, timeWindow: 60_000, keyGenerator: byIp('portal-info') } },
    handler: async (req, reply) => reply.code(201).send(await c.requests.addInfo({ ip: req.ip, requestId: req.id }, req.params.number, req.body)),
  });
}
