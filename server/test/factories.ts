import { sql } from 'kysely';
import type { Client, TestEnv } from './harness.js';

/**
 * Builds the data a test needs in the test's own database, through the API as the platform's administrators would,
 * instead of leaning on incidental demo records. The administrators (`sysadmin`, `secadmin`) and the region tree are
 * the only things taken from the loaded data.
 */
export type Factories = ReturnType<typeof factories>;

type Region = { code: string; name: string };
export type Area = { district: Region; street: Region; community: Region };
export type Unit = { id: number; name: string; regionCode: string };

let serial = 0;
/** A name no other call of this run gives (usernames, unit names). */
export const uniqueName = (prefix: string): string => `${prefix}${process.pid.toString(36)}${(++serial).toString(36)}`;

export function factories(t: TestEnv) {
  let sys: Promise<Client> | undefined;
  let sec: Promise<Client> | undefined;
  const sysadmin = () => (sys ??= t.as('sysadmin'));
  const secadmin = () => (sec ??= t.as('secadmin'));
  const ok = <T>(r: { status: number; body: unknown }, what: string): T => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as T;
  };

  return {
    /**
     * Two neighbouring streets of one district, each with a community (real regions of the loaded city): the usual
     * "mine and my neighbour's" of a scope test.
     */
    async neighbours(): Promise<[Area, Area]> {
      const rows = (
        await sql<{ d_code: string; d_name: string; s_code: string; s_name: string; c_code: string; c_name: string }>`
          SELECT d.code AS d_code, d.name AS d_name, s.code AS s_code, s.name AS s_name, min(c.code) AS c_code, min(c.name) AS c_name
          FROM regions d JOIN regions s ON s.parent_code = d.code JOIN regions c ON c.parent_code = s.code
          WHERE d.level = 'district' AND s.level = 'street' AND c.level = 'community'
          GROUP BY d.code, d.name, s.code, s.name ORDER BY d.code, s.code LIMIT 2`.execute(t.c.db)
      ).rows;
      if (rows.length < 2 || rows[0]!.d_code !== rows[1]!.d_code) throw new Error('the loaded regions have no district with two streets');
      return rows.map((r) => ({
        district: { code: r.d_code, name: r.d_name },
        street: { code: r.s_code, name: r.s_name },
        community: { code: r.c_code, name: r.c_name },
      })) as [Area, Area];
    },

    /** The top unit of an organization type at city level (the root a new tree hangs under). */
    async root(type: string): Promise<Unit> {
      const r = ok<{ items: Unit[] }>(await (await sysadmin()).get(`/api/orgs/roots?type=${encodeURIComponent(type)}`), 'roots');
      if (!r.items[0]) throw new Error(`no root unit of type ${type}`);
      return r.items[0];
    },

    /**
     * A new unit under `parentId` in `regionCode`, created by `by` (an organization administrator of a unit above; the
     * system administrator holds no business permission).
     */
    async unit(by: Client, parentId: number, regionCode: string, name = uniqueName('测试单位')): Promise<Unit> {
      return ok<Unit>(await by.post('/api/orgs', { parentId, name, regionCode }), 'unit');
    },

    /** A street unit with a community unit below it, under a new district unit of `type`, for each area given. */
    async tree(type: string, areas: Area[]): Promise<Array<{ district: Unit; street: Unit; community: Unit }>> {
      const root = await this.root(type);
      const admin = await this.staff(root.id, ['org_admin']);
      const districts = new Map<string, Unit>();
      const out = [];
      for (const a of areas) {
        let district = districts.get(a.district.code);
        if (!district) districts.set(a.district.code, (district = await this.unit(admin, root.id, a.district.code, uniqueName(`${a.district.name}测试`))));
        const street = await this.unit(admin, district.id, a.street.code, uniqueName(`${a.street.name}测试`));
        const community = await this.unit(admin, street.id, a.community.code, uniqueName(`${a.community.name}测试`));
        out.push({ district, street, community });
      }
      return out;
    },

    /**
     * A staff account of `orgId` with `roles`, signed in with its own password (changed at first sign-in as the
     * platform requires).
     */
    async staff(orgId: number, roles: string[] = ['worker']): Promise<Client> {
      const username = uniqueName('staff.');
      const first = 'Tianfu#Square2026';
      const created = ok<{ id: number }>(
        await (await sysadmin()).post('/api/accounts', { username, displayName: username, orgId, password: first }),
        'account',
      );
      ok(await (await secadmin()).put(`/api/accounts/${created.id}/roles`, { roles }), 'roles');
      const start = await t.login(username, first);
      const password = 'Jinjiang#River2026';
      ok(await start.post('/api/auth/password', { currentPassword: first, newPassword: password }), 'change password');
      return t.login(username, password);
    },
  };
}
