import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { Obj, withErrors } from '../../platform/http/schemas.js';

export function registerHealthRoutes(app: App, c: Container): void {
  app.get('/health', {
    schema: {
      tags: ['health'],
      summary: 'Liveness and database readiness',
      security: [],
      response: withErrors({
        200: Obj({ status: Type.String(), database: Obj({ ok: Type.Boolean(), version: Type.String(), latencyMs: Type.Number() }) }),
        503: Obj({ status: Type.String(), database: Obj({ ok: Type.Boolean(), version: Type.String(), latencyMs: Type.Number() }) }),
      }),
    },
    config: { public: true },
    handler: async (_req, reply) => {
      const t0 = performance.now();
      try {
        const r = await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(c.db);
        return { status: 'ok', database: { ok: true, version: r.rows[0]?.v ?? '', latencyMs: Math.round((performance.now() - t0) * 10) / 10 } };
      } catch {
        reply.code(503);
        return { status: 'degraded', database: { ok: false, version: '', latencyMs: Math.round(performance.now() - t0) } };
      }
    },
  });
}
