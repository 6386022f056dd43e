import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Client, TestEnv } from './harness.js';

/** The China date `offset` days from today, as the meetings tests place meetings and deadlines. */
export const chinaDay = (offset: number): string => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * What the meetings tests set up directly: organizations of partner types the console cannot create (departments,
 * offices), accounts with one role at them, and audit counts.
 */
export function meetingFixtures(t: TestEnv) {
  let orgSeq = 0;
  async function insertOrg(type: string, name: string, level: string, regionCode: string, parentId: number | null): Promise<number> {
    const region = (await sql<{ path: string }>`SELECT path::text AS path FROM regions WHERE code = ${regionCode}`.execute(t.c.db)).rows[0]!;
    const parentPath = parentId
      ? (await sql<{ path: string }>`SELECT path::text AS path FROM orgs WHERE id = ${parentId}`.execute(t.c.db)).rows[0]!.path
      : null;
    const id = Number((await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('orgs', 'id'))::bigint AS id`.execute(t.c.db)).rows[0]!.id);
    await sql`INSERT INTO orgs (id, type_code, parent_id, path, name, level, region_code, region_path)
      VALUES (${id}, ${type}, ${parentId}, ${parentPath ? `${parentPath}.${id}` : String(id)}::ltree, ${name + ++orgSeq}, ${level}, ${regionCode}, ${region.path}::ltree)`.execute(
      t.c.db,
    );
    return id;
  }

  async function accountAt(orgId: number, username: string, role: string): Promise<Client> {
    const sys = await t.as('sysadmin');
    const sec = await t.as('secadmin');
    const a = await sys.post('/api/accounts', { username, displayName: username, orgId, password: 'Joint#Meeting2026' });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect((await sec.put(`/api/accounts/${a.body.id}/roles`, { roles: [role] })).status).toBe(200);
    await sql`UPDATE accounts SET password_changed_at = now() WHERE id = ${a.body.id}`.execute(t.c.db);
    return t.login(username, 'Joint#Meeting2026');
  }

  async function audited(action: string, objectId?: number): Promise<number> {
    return (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} ${objectId ? sql`AND object_id = ${String(objectId)}` : sql``}`.execute(t.c.db)
    ).rows[0]!.n;
  }

  return { insertOrg, accountAt, audited };
}
