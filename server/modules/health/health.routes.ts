import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { Obj, withErrors } from '../../platform/http/schemas.js';

// No version of PostgreSQL or of the server: the check is public and a version only helps an attacker pick an exploit.
const Health = Obj({ status: Type.String(), database: Obj({ ok: Type.Boolean(), latencyMs: Type.Number() }) });

export function registerHealthRoutes(app: App, c: Container): void {
  app.get('/health', {
    schema: {
      tags: ['health'],
      summary: 'Liveness and database readiness',
      security: [],
      response: withErrors({ 200: Health, 503: Health }),
    },
    config: { public: true },
    handler: async (_req, reply) => {
      const t0 = performance.now();
      try {
        await sql`SELECT 1`.execute(c.db);
        return { status: 'ok', database: { ok: true, latencyMs: Math.round((performance.now() - t0) * 10) / 10 } };
      } catch {
        reply.code(503).header('retry-after', '5');
        return { status: 'degraded', database: { ok: false, latencyMs: Math.round(performance.now() - t0) } };
      }
    },
  });
}
