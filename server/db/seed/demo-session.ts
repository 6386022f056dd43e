import type { Container } from '../../container.js';
import type { RequestContext } from '../../platform/auth/actor.js';

/** The request context of a demo account, resolved through a real session, so demo records go through the services as that account. */
export async function actAs(c: Container, username: string): Promise<RequestContext> {
  const a = await c.db.selectFrom('accounts').select('id').where('username_norm', '=', username).executeTakeFirstOrThrow();
  const s = await c.sessions.create(c.db, a.id, '127.0.0.1');
  const resolved = await c.sessions.resolve(s.token);
  await c.sessions.destroy(s.token);
  if (!resolved || resolved === 'expired') throw new Error(`demo session for ${username}`);
  return { actor: resolved.actor, ip: '127.0.0.1', requestId: 'demo-loader' };
}
