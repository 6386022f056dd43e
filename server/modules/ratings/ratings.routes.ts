import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { ratings, type IndicesQuery } from '../../../contracts/ratings.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';

/** Satisfaction (好差评): rectifications of bad reviews, appeals to the level above, the three rates and the ranking. */
export function registerRatingRoutes(app: App, c: Container): void {
  const page = (q: { page?: number; pageSize?: number }) => ({ page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
  const indicesQuery = (q: IndicesQuery) => ({ month: q.month, level: q.level, typeCode: q.type, subjectType: q.subjectType });

  app.route({
    ...contractRoute(ratings.rectifications),
    config: { permission: 'rating.read' },
    handler: async (req) => {
      const p = page(req.query);
      return { ...(await c.ratings.rectifications(req.actor!, { ...req.query, ...p })), ...p };
    },
  });
  app.route({
    ...contractRoute(ratings.rectification),
    config: { permission: 'rating.read' },
    handler: async (req) => c.ratings.rectification(req.actor!, req.params.id),
  });
  app.route({
    ...contractRoute(ratings.complete),
    config: { permission: 'rating.handle' },
    handler: async (req) => c.ratings.completeRectification(ctx(req), req.params.id, req.body),
  });
  app.route({
    ...contractRoute(ratings.appeal),
    config: { permission: 'rating.handle' },
    handler: async (req, reply) => reply.code(201).send(await c.ratings.appeal(ctx(req), req.params.id, req.body)),
  });
  app.route({
    ...contractRoute(ratings.appeals),
    config: { permission: 'rating.read' },
    handler: async (req) => {
      const p = page(req.query);
      return { ...(await c.ratings.appeals(req.actor!, { ...req.query, ...p })), ...p };
    },
  });
  app.route({
    ...contractRoute(ratings.appealById),
    config: { permission: 'rating.read' },
    handler: async (req) => c.ratings.appealById(req.actor!, req.params.id),
  });
  app.route({
    ...contractRoute(ratings.decide),
    config: { permission: 'rating.review' },
    handler: async (req) => c.ratings.decideAppeal(ctx(req), req.params.id, req.body),
  });
  app.route({
    ...contractRoute(ratings.indices),
    config: { permission: 'rating.read' },
    handler: async (req) => c.ratings.indices(req.actor!, indicesQuery(req.query)),
  });
  app.route({
    ...contractRoute(ratings.exportIndices),
    config: { permission: 'rating.read' },
    handler: async (req, reply) => {
      const q = req.query;
      const buf = await c.ratings.exportIndices(ctx(req), indicesQuery(q));
      return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="indices-${q.month}-${q.level}.xlsx"`).send(buf);
    },
  });
}
