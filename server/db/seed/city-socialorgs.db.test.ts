import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../../platform/time.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { CITY_SOCIALORGS, seedCitySocialOrgs } from './city-socialorgs.js';

let t: TestEnv;
let union: Client;
let women: Client;
let firstSorg = 0;
let firstService = 0;
let result: Awaited<ReturnType<typeof seedCitySocialOrgs>>;
const SCALE = 0.1;
// A full mainland mobile number: none may be left in a masked free-text column.
const PHONE = '(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)';

const one = async (q: RawBuilder<unknown>) => Number(((await q.execute(t.c.db)).rows[0] as { n: unknown }).n);

beforeAll(async () => {
  t = await setupTestEnv();
  union = await t.as('union.city');
  women = await t.as('women.city');
  firstSorg = await one(sql`SELECT coalesce(max(id), 0) + 1 AS n FROM sorg_orgs`);
  firstService = await one(sql`SELECT coalesce(max(id), 0) + 1 AS n FROM cat_services`);
  result = await seedCitySocialOrgs({ db: t.owner, pool: t.ownerPool, keyring: t.c.keyring, scale: SCALE });
}, 180_000);
afterAll(async () => t?.close());

describe('seed:city social organizations and catalogue at a small scale', () => {
  it('generates every kind of record, scaled', async () => {
    const members = Math.round(CITY_SOCIALORGS.hubMembers * SCALE);
    const womenOrgs = Math.round(CITY_SOCIALORGS.womenChildren * SCALE);
    expect(result.orgs).toBe(members + Math.round(CITY_SOCIALORGS.hubLeft * SCALE) + womenOrgs);
    expect(await one(sql`SELECT count(*) AS n FROM sorg_orgs WHERE id >= ${firstSorg} AND domain = 'women_children'`)).toBe(womenOrgs);
    expect(
      await one(sql`SELECT count(DISTINCT left(region_path::text, 11)) AS n FROM sorg_orgs WHERE id >= ${firstSorg} AND domain = 'women_children'`),
    ).toBeGreaterThan(10);
    for (const k of ['memberships', 'calls', 'applications', 'projects', 'services'] as const) expect(result[k], k).toBeGreaterThan(0);
    expect(await one(sql`SELECT count(*) AS n FROM sorg_documents WHERE sorg_id >= ${firstSorg}`)).toBeGreaterThanOrEqual(2 * result.orgs);
    expect(await one(sql`SELECT count(*) AS n FROM sorg_incubations i JOIN sorg_orgs s ON s.id = i.sorg_id WHERE s.id >= ${firstSorg}`)).toBeGreaterThan(0);
    expect(
      await one(sql`SELECT count(*) AS n FROM sorg_milestones m JOIN sorg_projects p ON p.id = m.project_id WHERE p.sorg_id >= ${firstSorg}`),
    ).toBeGreaterThanOrEqual(3 * result.projects);
    expect(
      await one(sql`SELECT count(*) AS n FROM sorg_scores sc JOIN sorg_applications a ON a.id = sc.application_id WHERE a.sorg_id >= ${firstSorg}`),
    ).toBeGreaterThan(0);
    // Six brands, every one with services; calls spread over three years.
    expect(await one(sql`SELECT count(DISTINCT brand_id) AS n FROM cat_services WHERE id >= ${firstService}`)).toBe(6);
    const span = (
      await sql<{
        lo: string;
        hi: string;
      }>`SELECT min(deadline)::text AS lo, max(deadline)::text AS hi FROM sorg_calls c JOIN sorg_applications a ON a.call_id = c.id WHERE a.sorg_id >= ${firstSorg}`.execute(
        t.c.db,
      )
    ).rows[0]!;
    expect((Date.parse(span.hi) - Date.parse(span.lo)) / 86_400_000).toBeGreaterThan(700);
    // The demo's federation is the hub: its members are distinct, the generated ones joined it.
    const hub = (
      await sql<{ id: number; open: number; distinct_members: number; generated: number }>`
      SELECT m.hub_id::int AS id, count(*) FILTER (WHERE left_on IS NULL)::int AS open, count(DISTINCT member_id) FILTER (WHERE left_on IS NULL)::int AS distinct_members,
        count(*) FILTER (WHERE member_id >= ${firstSorg} AND left_on IS NULL)::int AS generated
      FROM sorg_memberships m WHERE m.member_id >= ${firstSorg} OR m.hub_id IN (SELECT hub_id FROM sorg_memberships WHERE member_id >= ${firstSorg}) GROUP BY 1`.execute(
        t.c.db,
      )
    ).rows;
    expect(hub).toHaveLength(1);
    expect(hub[0]!.open).toBe(hub[0]!.distinct_members);
    expect(hub[0]!.generated).toBe(members);
    expect(await one(sql`SELECT count(*) AS n FROM sorg_orgs WHERE id = ${hub[0]!.id} AND name = '成都市劳动领域社会组织联合会'`)).toBe(1);
  });

  it('stores JSON columns as JSON arrays of objects, not as strings of JSON', async () => {
    const kinds = async (q: RawBuilder<{ k: string }>) => (await q.execute(t.c.db)).rows.map((x) => x.k).sort();
    expect(await kinds(sql<{ k: string }>`SELECT DISTINCT jsonb_typeof(criteria) || '/' || jsonb_typeof(criteria->0) AS k FROM sorg_calls`)).toEqual([
      'array/object',
    ]);
    expect(await kinds(sql<{ k: string }>`SELECT DISTINCT jsonb_typeof(deliverables) || '/' || jsonb_typeof(deliverables->0) AS k FROM sorg_projects`)).toEqual(
      ['array/object'],
    );
    expect(await kinds(sql<{ k: string }>`SELECT DISTINCT jsonb_typeof(providers) || '/' || jsonb_typeof(providers->0) AS k FROM cat_services`)).toEqual([
      'array/object',
    ]);
    expect(await one(sql`SELECT count(*) AS n FROM sorg_calls WHERE (SELECT sum((c->>'weight')::int) FROM jsonb_array_elements(criteria) c) <> 100`)).toBe(0);
  });

  it('keeps every state consistent with its dates', async () => {
    const today = chinaToday();
    const bad = async (what: string, q: RawBuilder<unknown>) => expect(await one(q), what).toBe(0);
    await bad(
      'open or draft calls past their deadline',
      sql`SELECT count(*) AS n FROM sorg_calls WHERE status IN ('draft', 'open') AND deadline < ${today}::date`,
    );
    await bad(
      'calls in review or decided before their deadline',
      sql`SELECT count(*) AS n FROM sorg_calls WHERE status IN ('review', 'awarded', 'closed') AND deadline >= ${today}::date`,
    );
    await bad('calls created in the future', sql`SELECT count(*) AS n FROM sorg_calls WHERE created_at > now()`);
    await bad(
      'applications outside the call window',
      sql`SELECT count(*) AS n FROM sorg_applications a JOIN sorg_calls c ON c.id = a.call_id
      WHERE a.submitted_at < c.created_at OR (a.submitted_at AT TIME ZONE 'Asia/Shanghai')::date > c.deadline OR a.submitted_at > now()`,
    );
    await bad('drafts with applications', sql`SELECT count(*) AS n FROM sorg_applications a JOIN sorg_calls c ON c.id = a.call_id WHERE c.status = 'draft'`);
    await bad(
      'awarded calls without exactly one awarded application and project',
      sql`SELECT count(*) AS n FROM sorg_calls c WHERE c.status = 'awarded' AND (
      (SELECT count(*) FROM sorg_applications a WHERE a.call_id = c.id AND a.status = 'awarded') <> 1 OR (SELECT count(*) FROM sorg_projects p WHERE p.call_id = c.id) <> 1
      OR EXISTS (SELECT 1 FROM sorg_applications a WHERE a.call_id = c.id AND a.status = 'submitted'))`,
    );
    await bad(
      'awards without a score or not the best',
      sql`SELECT count(*) AS n FROM sorg_applications a WHERE a.status = 'awarded' AND (a.total_score IS NULL
      OR EXISTS (SELECT 1 FROM sorg_applications o WHERE o.call_id = a.call_id AND o.total_score > a.total_score))`,
    );
    await bad(
      'scores of a call without a panel',
      sql`SELECT count(*) AS n FROM sorg_scores s JOIN sorg_applications a ON a.id = s.application_id
      WHERE NOT EXISTS (SELECT 1 FROM sorg_reviewers r WHERE r.call_id = a.call_id AND r.account_id = s.account_id)`,
    );
    await bad(
      'projects signed before the deadline or in the future',
      sql`SELECT count(*) AS n FROM sorg_projects p JOIN sorg_calls c ON c.id = p.call_id
      WHERE (p.signed_at AT TIME ZONE 'Asia/Shanghai')::date <= c.deadline OR p.signed_at > now() OR p.starts_on < (p.signed_at AT TIME ZONE 'Asia/Shanghai')::date OR p.amount > c.budget`,
    );
    await bad(
      'payments not summing to the amount',
      sql`SELECT count(*) AS n FROM sorg_projects p WHERE p.amount <> (SELECT sum(payment) FROM sorg_milestones m WHERE m.project_id = p.id)`,
    );
    await bad(
      'milestones outside the period',
      sql`SELECT count(*) AS n FROM sorg_milestones m JOIN sorg_projects p ON p.id = m.project_id WHERE m.due_on < p.starts_on OR m.due_on > p.ends_on`,
    );
    await bad(
      'accepted or reported milestones not yet reached, planned ones passed',
      sql`SELECT count(*) AS n FROM sorg_milestones WHERE
      (status IN ('accepted', 'reported') AND (reported_at IS NULL OR reported_at > now() OR due_on > ${today}::date))
      OR (status = 'accepted' AND (accepted_at > now() OR accepted_at < reported_at OR paid_on > ${today}::date))
      OR (status = 'planned' AND due_on < ${today}::date)`,
    );
    await bad(
      'projects whose status does not follow their milestones',
      sql`SELECT count(*) AS n FROM sorg_projects p WHERE
      (p.status = 'evaluated' AND (p.evaluated_at > now() OR p.ends_on >= ${today}::date OR p.evaluation_score IS NULL OR EXISTS (SELECT 1 FROM sorg_milestones m WHERE m.project_id = p.id AND m.status <> 'accepted')))
      OR (p.status = 'signed' AND EXISTS (SELECT 1 FROM sorg_milestones m WHERE m.project_id = p.id AND m.status <> 'planned'))
      OR (p.status = 'delivering' AND NOT EXISTS (SELECT 1 FROM sorg_milestones m WHERE m.project_id = p.id AND m.status <> 'planned'))`,
    );
    await bad(
      'memberships dated in the future or before registration',
      sql`SELECT count(*) AS n FROM sorg_memberships m JOIN sorg_orgs s ON s.id = m.member_id
      WHERE m.joined_on > ${today}::date OR m.left_on > ${today}::date OR m.joined_on < s.registered_on`,
    );
    await bad(
      'incubations graduating in the future or before they started',
      sql`SELECT count(*) AS n FROM sorg_incubations WHERE graduated_on > ${today}::date OR graduated_on < started_on OR started_on > ${today}::date`,
    );
    // The dates of an evaluated project, of one being delivered, and of an awarded call all occur.
    expect(await one(sql`SELECT count(DISTINCT status) AS n FROM sorg_projects WHERE sorg_id >= ${firstSorg}`)).toBeGreaterThanOrEqual(2);
  });

  it('records the delivery of projects as activities their organization hosted, counted from participation rows', async () => {
    const bad = async (what: string, q: RawBuilder<unknown>) => expect(await one(q), what).toBe(0);
    await bad(
      'projects delivering or evaluated without activities',
      sql`SELECT count(*) AS n FROM sorg_projects p WHERE p.sorg_id >= ${firstSorg} AND p.status <> 'signed'
      AND p.starts_on < current_date AND NOT EXISTS (SELECT 1 FROM sorg_project_activities pa WHERE pa.project_id = p.id)`,
    );
    await bad(
      'signed projects with activities',
      sql`SELECT count(*) AS n FROM sorg_projects p JOIN sorg_project_activities pa ON pa.project_id = p.id WHERE p.status = 'signed'`,
    );
    await bad(
      'project activities hosted by another unit, outside the period or in the future',
      sql`SELECT count(*) AS n FROM sorg_project_activities pa
      JOIN sorg_projects p ON p.id = pa.project_id JOIN activities a ON a.id = pa.activity_id
      WHERE a.host_org_id <> p.org_id OR (a.starts_at AT TIME ZONE 'Asia/Shanghai')::date NOT BETWEEN p.starts_on AND p.ends_on OR a.ends_at > now()`,
    );
    await bad(
      'person-times not matching the participation rows',
      sql`SELECT count(*) AS n FROM sorg_project_activities pa JOIN activities a ON a.id = pa.activity_id
      WHERE a.person_times <> (SELECT count(*) FROM activity_participations x WHERE x.activity_id = a.id)`,
    );
    // An evaluated project delivered about what it promised (90–110 % of its activities).
    const evaluated = (
      await sql<{ target: number; done: number }>`SELECT (p.deliverables->0->>'target')::int AS target,
        (SELECT count(*)::int FROM sorg_project_activities pa WHERE pa.project_id = p.id) AS done
      FROM sorg_projects p WHERE p.sorg_id >= ${firstSorg} AND p.status = 'evaluated'`.execute(t.c.db)
    ).rows;
    for (const e of evaluated) expect(e.done / e.target).toBeGreaterThanOrEqual(0.85);
    // Through the service: the deliverables of a delivered project are counted from those records.
    const p = (
      await sql<{ id: number; type: string }>`SELECT p.id::int AS id, o.type_code AS type FROM sorg_projects p JOIN orgs o ON o.id = p.funder_org_id
      WHERE p.sorg_id >= ${firstSorg} AND p.status <> 'signed' AND EXISTS (SELECT 1 FROM sorg_project_activities pa WHERE pa.project_id = p.id) ORDER BY p.id LIMIT 1`.execute(
        t.c.db,
      )
    ).rows[0]!;
    const linked = await one(sql`SELECT count(*) AS n FROM sorg_project_activities WHERE project_id = ${p.id}`);
    const times = await one(
      sql`SELECT count(*) AS n FROM activity_participations x JOIN sorg_project_activities pa ON pa.activity_id = x.activity_id WHERE pa.project_id = ${p.id}`,
    );
    const detail = await (p.type === 'union' ? union : women).get(`/api/sorg-projects/${p.id}`);
    expect(detail.status).toBe(200);
    const achieved = Object.fromEntries((detail.body.deliverables as Array<{ kind: string; achieved: number }>).map((d) => [d.kind, d.achieved]));
    expect(achieved).toEqual({ activities: linked, person_times: times });
    expect(detail.body.activities).toHaveLength(linked);
  });

  it('has every service offered by existing active organizations, and its venues active', async () => {
    expect(
      await one(
        sql`SELECT count(*) AS n FROM cat_services s JOIN orgs o ON o.id = s.org_id WHERE s.id >= ${firstService} AND o.status = 'active' AND o.path = s.org_path`,
      ),
    ).toBe(result.services);
    await expect(
      one(sql`SELECT count(*) AS n FROM cat_services s CROSS JOIN LATERAL jsonb_array_elements(s.providers) p
        LEFT JOIN orgs o ON o.id = (p->>'id')::bigint AND o.status = 'active' AND o.name = p->>'name' WHERE o.id IS NULL`),
    ).resolves.toBe(0);
    expect(await one(sql`SELECT count(*) AS n FROM cat_services WHERE id >= ${firstService} AND (providers->0->>'id')::bigint <> org_id`)).toBe(0);
    expect(await one(sql`SELECT count(*) AS n FROM cat_service_venues sv JOIN venues v ON v.id = sv.venue_id WHERE v.status <> 'active'`)).toBe(0);
    expect(await one(sql`SELECT count(*) AS n FROM cat_service_venues WHERE service_id >= ${firstService}`)).toBeGreaterThan(0);
    // Social organizations that co-provide a service are registered and active.
    expect(
      await one(
        sql`SELECT count(*) AS n FROM cat_services s CROSS JOIN LATERAL jsonb_array_elements(s.providers) p JOIN sorg_orgs so ON so.org_id = (p->>'id')::bigint WHERE so.status <> 'active'`,
      ),
    ).toBe(0);
  });

  it('protects personal data as the services do: contacts masked, free text masked with the full text encrypted', async () => {
    expect(
      await one(
        sql`SELECT count(*) AS n FROM sorg_orgs WHERE id >= ${firstSorg} AND (contact_person_id IS NULL OR contact_phone_masked !~ '^1[0-9]{2}\\*{4}[0-9]{4}$')`,
      ),
    ).toBe(0);
    expect(
      await one(
        sql`SELECT count(*) AS n FROM people p JOIN sorg_orgs s ON s.contact_person_id = p.id WHERE s.id >= ${firstSorg} AND (p.phone_enc IS NULL OR p.phone_bidx IS NULL)`,
      ),
    ).toBe(0);
    for (const [table, col] of [
      ['sorg_applications', 'proposal'],
      ['sorg_incubations', 'support'],
      ['sorg_milestones', 'report'],
      ['sorg_projects', 'evaluation_note'],
      ['sorg_declarations', 'note'],
    ] as const) {
      expect(await one(sql`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${sql.ref(col)} ~ ${PHONE}`), table).toBe(0);
      expect(
        await one(sql`SELECT count(*) AS n FROM ${sql.table(table)} WHERE coalesce(${sql.ref(col)}, '') <> '' AND ${sql.ref(`${col}_enc`)} IS NULL`),
        table,
      ).toBe(0);
    }
    // The full text comes back through the audited reveal, so it is bound to its row as the service binds it.
    const app = (
      await sql<{ id: number; proposal: string }>`SELECT a.id::int AS id, a.proposal FROM sorg_applications a JOIN sorg_calls c ON c.id = a.call_id
      JOIN orgs o ON o.id = c.org_id WHERE a.sorg_id >= ${firstSorg} AND o.type_code = 'union' ORDER BY a.id LIMIT 1`.execute(t.c.db)
    ).rows[0]!;
    expect(app.proposal).toMatch(/1[3-9][0-9]\*{4}[0-9]{4}/);
    const rev = await union.post(`/api/sorg-applications/${app.id}/reveal`, { purpose: '核对申报材料' });
    expect(rev.status).toBe(200);
    expect(rev.body.proposal).toMatch(new RegExp(PHONE));
    expect(rev.body.proposal.replace(/1[3-9][0-9]{9}/, (m: string) => `${m.slice(0, 3)}****${m.slice(-4)}`)).toBe(app.proposal);
  });

  it('lists the generated records to city staff through the registry, calls, projects and catalogue', async () => {
    const mine = (
      await sql<{ id: number; name: string; domain: string }>`SELECT id::int AS id, name, domain FROM sorg_orgs WHERE id >= ${firstSorg} ORDER BY id`.execute(
        t.c.db,
      )
    ).rows;
    const list = await union.get('/api/social-orgs', { query: { pageSize: '200' } });
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThanOrEqual(mine.length);
    const byName = await union.get('/api/social-orgs', { query: { q: mine.at(-1)!.name } });
    expect(byName.body.items.map((s: { id: number }) => s.id)).toContain(mine.at(-1)!.id);
    const detail = await union.get(`/api/social-orgs/${mine[0]!.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.documents.length).toBeGreaterThanOrEqual(2);

    for (const [client, type] of [
      [union, 'union'],
      [women, 'women'],
    ] as const) {
      const calls = (
        await sql<{
          id: number;
        }>`SELECT c.id::int AS id FROM sorg_calls c JOIN orgs o ON o.id = c.org_id WHERE o.type_code = ${type} AND c.title <> '' AND c.id IN (SELECT call_id FROM sorg_applications WHERE sorg_id >= ${firstSorg}) ORDER BY c.id`.execute(
          t.c.db,
        )
      ).rows.map((x) => x.id);
      expect(calls.length, type).toBeGreaterThan(0);
      const listed = (await client.get('/api/sorg-calls', { query: { pageSize: '200' } })).body.items.map((c: { id: number }) => c.id);
      expect(listed).toEqual(expect.arrayContaining(calls));
      const call = await client.get(`/api/sorg-calls/${calls[0]}`);
      expect(call.status).toBe(200);
      expect(call.body.criteria.reduce((s: number, c: { weight: number }) => s + c.weight, 0)).toBe(100);
    }
    const projects = (
      await sql<{
        id: number;
      }>`SELECT p.id::int AS id FROM sorg_projects p JOIN orgs o ON o.id = p.funder_org_id WHERE o.type_code = 'union' AND p.sorg_id >= ${firstSorg} ORDER BY p.id`.execute(
        t.c.db,
      )
    ).rows.map((x) => x.id);
    const plist = (await union.get('/api/sorg-projects', { query: { pageSize: '200' } })).body.items.map((p: { id: number }) => p.id);
    expect(projects.length).toBeGreaterThan(0);
    expect(plist).toEqual(expect.arrayContaining(projects));
    const project = await union.get(`/api/sorg-projects/${projects[0]}`);
    expect(project.status).toBe(200);
    expect(project.body.deliverables.map((d: { kind: string }) => d.kind).sort()).toEqual(['activities', 'person_times']);
    expect(project.body.paid).toBe(
      project.body.milestones.filter((m: { status: string }) => m.status === 'accepted').reduce((s: number, m: { payment: number }) => s + m.payment, 0),
    );

    const services = (
      await sql<{
        id: number;
      }>`SELECT s.id::int AS id FROM cat_services s JOIN orgs o ON o.id = s.org_id WHERE s.id >= ${firstService} AND o.type_code = 'union' ORDER BY s.id`.execute(
        t.c.db,
      )
    ).rows.map((x) => x.id);
    expect(services.length).toBeGreaterThan(0);
    const slist = await union.get('/api/catalogue/services', { query: { pageSize: '200' } });
    expect(slist.status).toBe(200);
    expect(slist.body.items.map((s: { id: number }) => s.id)).toEqual(expect.arrayContaining(services));
    const brands = (await union.get('/api/catalogue/brands')).body.items as Array<{ name: string; services: number }>;
    expect(brands.filter((b) => b.services > 0).length).toBe(6);
    // Pinyin initials search finds a generated service.
    const s = (await sql<{ name: string; name_initials: string }>`SELECT name, name_initials FROM cat_services WHERE id = ${services[0]!}`.execute(t.c.db))
      .rows[0]!;
    const found = await union.get('/api/catalogue/services', { query: { q: s.name_initials } });
    expect(found.body.items.map((x: { id: number }) => x.id)).toContain(services[0]);
  });
});
