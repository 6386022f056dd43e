import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
let u: Client;
let parentId: number;
let regionCode: string;

beforeAll(async () => {
  t = await setupTestEnv();
  u = await t.as('union.street');
  const me = await u.get('/api/auth/me');
  parentId = me.body.orgId;
  regionCode = (await u.get(`/api/orgs/${parentId}`)).body.regionCode;
});
afterAll(async () => t.close());

const orgCount = async () =>
  Number(
    (
      await t.c.db
        .selectFrom('orgs')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('bad input gets a 4xx naming the field, never a 500 or a half-written record', () => {
  it('malformed JSON', async () => {
    const r = await u.raw('POST', '/api/orgs', '{"name": ', { 'content-type': 'application/json' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('MALFORMED_JSON');
  });

  it('an unknown field, including mass-assignment and prototype pollution attempts', async () => {
    const before = await orgCount();
    for (const extra of [{ status: 'archived' }, { org_id: 1 }, { role: 'sys_admin' }]) {
      const r = await u.post('/api/orgs', { parentId, name: '多余字段', regionCode, ...extra });
      expect(r.status).toBe(400);
      expect(r.body.error.field).toBe(Object.keys(extra)[0]);
    }
    const proto = await u.raw('POST', '/api/orgs', `{"parentId":${parentId},"name":"x","regionCode":"${regionCode}","__proto__":{"isAdmin":true}}`, {
      'content-type': 'application/json',
    });
    expect(proto.status).toBe(400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(await orgCount()).toBe(before);
  });

  it('a wrong type', async () => {
    const r = await u.post('/api/orgs', { parentId: String(parentId), name: 'x', regionCode });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('parentId');
    const n = await u.post('/api/orgs', { parentId, name: 12, regionCode });
    expect(n.body.error.field).toBe('name');
  });

  it('a missing field', async () => {
    const r = await u.post('/api/orgs', { parentId, regionCode });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('name');
    expect(r.body.error.message).toContain('name');
  });

  it('a 900 kB string', async () => {
    const r = await u.post('/api/orgs', { parentId, name: 'x'.repeat(900 * 1024), regionCode });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('name');
  });

  it('a NUL byte', async () => {
    const r = await u.post('/api/orgs', { parentId, name: 'a\u0000b', regionCode });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('name');
    const q = await u.get('/api/orgs?q=a%00b');
    expect(q.status).toBe(400);
  });

  it('a body over the limit', async () => {
    const r = await u.raw('POST', '/api/orgs', JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024) }), { 'content-type': 'application/json' });
    expect(r.status).toBe(413);
    const mb = await u.raw('POST', '/api/orgs', JSON.stringify({ name: 'x'.repeat(1100 * 1024) }), { 'content-type': 'application/json' });
    expect(mb.status).toBe(413);
  });

  it('deeply nested JSON, signed in and anonymous, answered with 400 naming the body', async () => {
    for (const depth of [33, 5000, 100_000]) {
      const deep = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      for (const [who, url] of [
        [u, '/api/orgs'],
        [t.anonymous, '/api/auth/login'],
        [t.anonymous, '/api/portal/auth/code'],
        [t.anonymous, '/open311/v2/requests.json'],
      ] as const) {
        // How long the loop is held is measured by the fuzz test (server/test/fuzz.db.test.ts).
        const r = await who.raw('POST', url, deep, { 'content-type': 'application/json' });
        expect(r.status, `${url} ${depth}`).toBe(400);
        // Open311 answers in its own error format, which names the field in the description.
        if (url.startsWith('/api/')) expect(r.body.error.field).toBe('body');
        else expect(r.text).toContain('body');
      }
    }
    const en = await u.raw('POST', '/api/orgs', '['.repeat(40) + ']'.repeat(40), { 'content-type': 'application/json', 'accept-language': 'en' });
    expect(en.body.error.message).toBe('Field body must not nest deeper than 32 levels');
    // Within the limit the body reaches validation as usual.
    const ok = await u.raw('POST', '/api/orgs', '{"name":' + '['.repeat(30) + ']'.repeat(30) + '}', { 'content-type': 'application/json' });
    expect(ok.status).toBe(400);
    expect(ok.body.error.field).toBe('parentId');
  });

  it('a multipart upload without a boundary, or cut short, on each upload route', async () => {
    const staff = await t.as('union.street');
    for (const url of ['/api/requests/1/attachments', '/api/venues/1/photos', '/api/portal/requests/X/attachments']) {
      const r = await staff.raw('POST', url, 'abc', { 'content-type': 'multipart/form-data' });
      expect([400, 404, 415], url).toContain(r.status);
      const cut = await staff.raw('POST', url, '--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nxx', {
        'content-type': 'multipart/form-data; boundary=b',
      });
      expect(cut.status, url).toBeLessThan(500);
    }
  });

  it('an id spelled other than as a canonical decimal number', async () => {
    const venues = await u.get('/api/venues?pageSize=1');
    const id = venues.body.items[0].id as number;
    expect((await u.get(`/api/venues/${id}`)).status).toBe(200);
    for (const spelled of [`0x${id.toString(16)}`, `${id / 10}e1`, `+${id}`, `%20${id}`, `0${id}`, `${id}.0`, `${id}%20`]) {
      const r = await u.get(`/api/venues/${spelled}`);
      expect(r.status, spelled).toBe(400);
      expect(r.body.error.field).toBe('params.id');
    }
    expect((await u.get('/api/orgs?page=0x2')).status).toBe(400);
  });

  it('injection strings and LIKE wildcards are plain text', async () => {
    const r = await u.get(`/api/orgs?q=${encodeURIComponent("' OR 1=1--")}`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(0);
    const pct = await u.get('/api/orgs?q=%25');
    expect(pct.body.total).toBe(0);
  });

  it('an out-of-range id and an odd number', async () => {
    expect((await u.get('/api/orgs/99999999999999999999')).status).toBe(400);
    expect((await u.get('/api/orgs/0')).status).toBe(400);
    expect(
      (await u.raw('POST', '/api/orgs', `{"parentId":1e309,"name":"x","regionCode":"${regionCode}"}`, { 'content-type': 'application/json' })).status,
    ).toBe(400);
  });

  it('answers in English with an English field message', async () => {
    const r = await u.post('/api/orgs', { parentId, regionCode }, { headers: { 'accept-language': 'en' } });
    expect(r.body.error.message).toBe('Field name is required');
  });
});

describe('idempotency', () => {
  it('returns the first result for a repeated create with the same Idempotency-Key and creates nothing new', async () => {
    const key = 'create-org-0001';
    const before = await orgCount();
    const a = await u.post('/api/orgs', { parentId, name: '幂等工会', regionCode }, { headers: { 'idempotency-key': key } });
    const b = await u.post('/api/orgs', { parentId, name: '幂等工会', regionCode }, { headers: { 'idempotency-key': key } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(await orgCount()).toBe(before + 1);
  });
});

describe('every route declares who may call it and what it accepts', () => {
  it('has a permission, public, signed-in or citizen marker, closed schemas, and response schemas', () => {
    const routes = t.app.routeCatalog;
    expect(routes.length).toBeGreaterThan(30);
    for (const r of routes.filter((x) => x.url.startsWith('/api/'))) {
      const cfg = r.config ?? {};
      expect(Boolean(cfg.permission || cfg.public || cfg.signedIn || cfg.citizen), `${r.method} ${r.url} declares no access rule`).toBe(true);
      expect(r.schema?.response, `${r.method} ${r.url} has no response schema`).toBeTruthy();
      for (const part of ['body', 'querystring', 'params'] as const) {
        const s = r.schema?.[part] as { additionalProperties?: boolean } | undefined;
        if (s) expect(s.additionalProperties, `${r.method} ${r.url} ${part} is open`).toBe(false);
      }
      if (cfg.streamedUpload) {
        expect(r.schema?.consumes, `${r.method} ${r.url} is marked streamed but takes no multipart form`).toEqual(['multipart/form-data']);
        expect(r.schema?.body, `${r.method} ${r.url} is marked streamed but parses a body`).toBeUndefined();
      }
      if (
        ['POST', 'PUT', 'PATCH'].includes(r.method) &&
        r.url !== '/api/auth/logout' &&
        // A streamed upload's file is read from its multipart part by the handler (ADR 0027): no body is parsed to check.
        !cfg.streamedUpload &&
        !r.url.endsWith('/archive') &&
        !r.url.endsWith('/restore') &&
        !r.url.endsWith('/unlock') &&
        !r.url.endsWith('/verify') &&
        !r.url.endsWith('/disable') &&
        !r.url.endsWith('/enable')
      ) {
        expect(r.schema?.body, `${r.method} ${r.url} has no body schema`).toBeTruthy();
      }
    }
  });

  it('serves the OpenAPI document and the health check', async () => {
    const doc = await t.anonymous.get('/docs/json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths).length).toBeGreaterThan(20);
    const h = await t.anonymous.get('/api/health');
    expect(h.status).toBe(200);
    expect(h.body.database.ok).toBe(true);
  });
});
