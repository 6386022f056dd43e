import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

// Code for America's node-open311 (npm "open311"), a stock GeoReport v2 client, against the running server over
// real HTTP. It is driven in JSON: its XML parsers come from a GitHub repository and a native addon that the npm
// registry cannot install, so package.json overrides them with a stand-in the JSON mode never calls.

type Callback = (err: unknown, data: unknown) => void;
type Open311Client = {
  serviceList: (cb: Callback) => void;
  serviceDefinition: (code: string, cb: Callback) => void;
  submitRequest: (data: Record<string, unknown>, cb: Callback) => void;
  serviceRequests: (idOrParams: unknown, paramsOrCb: unknown, cb?: Callback) => void;
};
const Open311 = createRequire(import.meta.url)('open311') as new (o: Record<string, string>) => Open311Client;

/** The client's callback as a promise: rejects with what the client reports as its error. */
const call = <T>(f: (cb: Callback) => void) =>
  new Promise<T>((resolve, reject) => f((err, data) => (err ? reject(Object.assign(new Error(String(data)), { status: err })) : resolve(data as T))));

let t: TestEnv;
let community: Client;
let client: Open311Client;
let homeName: string;

beforeAll(async () => {
  t = await setupTestEnv();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.server.address() as AddressInfo).port;
  const sysadmin = await t.as('sysadmin');
  community = await t.as('union.community');
  const key = (await sysadmin.post('/api/open311-keys', { name: 'node-open311' })).body.key as string;
  client = new Open311({ endpoint: `http://127.0.0.1:${port}/open311/v2/`, format: 'json', jurisdiction: 'chengdu', apiKey: key });
  const me = await community.get('/api/auth/me');
  const org = (await community.get(`/api/orgs/${me.body.orgId}`)).body as { regionCode: string };
  homeName = (await community.get(`/api/regions/${org.regionCode}`)).body.name;
});
afterAll(async () => t.close());

describe('node-open311, a stock GeoReport v2 client', () => {
  it('reads services and a definition, submits a report and follows it by id and by date range', async () => {
    const services = await call<Array<{ service_code: string }>>((cb) => client.serviceList(cb));
    expect(services.map((s) => s.service_code)).toContain('wages_owed');
    const def = await call<{ attributes: Array<{ code: string }> }>((cb) => client.serviceDefinition('wages_owed', cb));
    expect(def.attributes.map((a) => a.code)).toEqual(['employer', 'amount', 'workers', 'months', 'qh_publish_description']);

    const created = await call<Array<{ service_request_id: string }>>((cb) =>
      client.submitRequest(
        {
          service_code: 'wages_owed',
          lat: 30.657412,
          long: 104.080987,
          address_string: `${homeName}某某街12号`,
          email: 'li.ming@example.cn',
          first_name: '李',
          last_name: '明亮',
          media_url: 'https://photos.example.org/r/9.jpg',
          description: '老板拖欠两个月工资',
          attributes: { employer: '某某餐饮店', amount: 8000, external_id: 'ext-42' },
        },
        cb,
      ),
    );
    const number = created[0]!.service_request_id;
    expect(number).toMatch(/^QH-\d{4}-\d{6,}$/);

    const staff = await community.get(`/api/requests?number=${number}`);
    const detail = (await community.get(`/api/requests/${staff.body.items[0].id}`)).body;
    expect(detail).toMatchObject({
      requesterNameMasked: '李**',
      extra: { external_id: 'ext-42' },
      fields: { employer: '某某餐饮店', amount: 8000 },
      location: { source: 'address' },
    });

    const one = await call<Array<Record<string, unknown>>>((cb) => client.serviceRequests(number, cb));
    expect(one[0]).toMatchObject({ service_request_id: number, status: 'open', address: homeName, lat: 30.657, long: 104.081, description: '' });
    expect(one[0]!.requested_datetime).toBeInstanceOf(Date);

    const start = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const end = new Date(Date.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const listed = await call<Array<{ service_request_id: string }>>((cb) =>
      client.serviceRequests({ start_date: start, end_date: end, status: 'open', service_code: 'wages_owed' }, cb),
    );
    expect(listed.map((r) => r.service_request_id)).toContain(number);
    const text = JSON.stringify([one, listed]);
    for (const personal of ['li.ming', '明亮', '某某街12号', '拖欠两个月', 'photos.example.org']) expect(text).not.toContain(personal);
  });

  it('sees an unknown service as a failed submission (404), not as success', async () => {
    await expect(call((cb) => client.submitRequest({ service_code: 'no_such_service', lat: 30.6, long: 104.0 }, cb))).rejects.toMatchObject({ status: 404 });
  });
});
