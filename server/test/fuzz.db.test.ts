import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../app.js';
import { setupTestEnv, type Client, type TestEnv } from './harness.js';

/*
 * Hostile input over every route of the catalogue, signed in (an organization administrator and the system
 * administrator) and anonymous: deep nesting, huge strings, NUL bytes, non-canonical ids, wrong types, unknown
 * fields, broken JSON, multipart without a boundary. No answer may be a 5xx and no request may hold the event loop
 * for more than 50 ms (a stall is measured three times more and counts only if each blocks, so a scheduling hiccup of a busy machine is not
 * taken for one).
 */

type Schema = { type?: unknown; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[] };
type Shape = { method: string; url: string; payload?: string; headers?: Record<string, string>; label: string };

const STALL_MS = 50;
const SEED = 20261204;
const DEEP_OBJECT = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
const DEEP_ARRAY = '['.repeat(5000) + ']'.repeat(5000);
const HUGE = 'x'.repeat(300_000);
const BIG_BODY = JSON.stringify({ a: 'y'.repeat(1_100_000) });
// Just under the 1 MB limit: sixty thousand keys (refused by the value count before parsing).
const WIDE_OBJECT = `{${Array.from({ length: 60_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
const BAD_IDS = ['0x10', '1.6e1', '+16', '%2016', '16%20', '016', '-1', '0', '99999999999999999999', 'abc', '%00', 'x'.repeat(190), '1%2F2', '%E4%B8%AD'];
const GOOD_IDS = ['2', '5', '16', '40'];
const BAD_TEXT = ['%00', 'a%00b', encodeURIComponent('x'.repeat(5000)), '0x10', '1e3', '+1', '%20', '-', encodeURIComponent("' OR 1=1--"), '%25%5F'];

const typeOf = (s: Schema | undefined): string => {
  if (!s) return 'unknown';
  if (typeof s.type === 'string') return s.type;
  if (s.anyOf?.length) return typeOf(s.anyOf.find((x) => x.type !== 'null'));
  return 'unknown';
};

/** A value of another type than the schema asks for. */
function wrongType(s: Schema | undefined): unknown {
  switch (typeOf(s)) {
    case 'integer':
    case 'number':
      return '0x10';
    case 'string':
      return 12345;
    case 'boolean':
      return 'true';
    case 'array':
      return { length: 1 };
    case 'object':
      return ['x'];
    default:
      return { nested: [null] };
  }
}

/** A value of the right type, with something nasty in it. */
function nastyValue(s: Schema | undefined, i: number): unknown {
  switch (typeOf(s)) {
    case 'integer':
      return [1e308, -1, 2 ** 53, 0, 1.5][i % 5];
    case 'number':
      return [1e308, -1e308, 0.1, -0][i % 4];
    case 'string':
      return ['a\u0000b', HUGE, '\u202e\ud800', "'; DROP TABLE orgs;--", '%_\\'][i % 5];
    case 'boolean':
      return i % 2 === 0;
    case 'array':
      return [Array.from({ length: 5000 }, (_, k) => k), ['a\u0000'], [[[[[[]]]]]]][i % 3];
    case 'object':
      return [{ __proto__: { admin: true } }, { 'k\u0000': 1 }, {}][i % 3];
    default:
      return null;
  }
}

function fillPath(url: string, params: Schema | undefined, variant: string | null): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    if (variant !== null) return variant;
    return typeOf(params?.properties?.[name]) === 'integer' ? '1' : 'QH-2026-000001';
  });
}

/** The hostile requests for one route. */
function shapesFor(r: RouteEntry, seed: number): Shape[] {
  const schema = (r.schema ?? {}) as { params?: Schema; querystring?: Schema; body?: Schema };
  const shapes: Shape[] = [];
  const base = fillPath(r.url, schema.params, null);
  const json = { 'content-type': 'application/json' };
  const hasBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method);

  // Paths: every non-canonical spelling of an id, strings where ids are expected, and real ids with an empty body.
  if (r.url.includes(':')) {
    for (const v of BAD_IDS)
      shapes.push({ method: r.method, url: fillPath(r.url, schema.params, v), label: `path ${v}`, ...(hasBody ? { payload: '{}', headers: json } : {}) });
    for (const v of GOOD_IDS)
      shapes.push({ method: r.method, url: fillPath(r.url, schema.params, v), label: `path ${v}`, ...(hasBody ? { payload: '{}', headers: json } : {}) });
  }

  // Query strings: each declared key with bad text, a repeated key, an unknown key.
  const qkeys = Object.keys(schema.querystring?.properties ?? {});
  for (const [i, k] of qkeys.entries()) {
    for (const v of BAD_TEXT.slice(i % 3, (i % 3) + 4)) shapes.push({ method: r.method, url: `${base}?${k}=${v}`, label: `query ${k}=${v.slice(0, 20)}` });
    shapes.push({ method: r.method, url: `${base}?${k}=1&${k}=2&${k}=%00`, label: `query ${k} repeated` });
  }
  if (r.method === 'GET')
    shapes.push({ method: r.method, url: `${base}?__proto__=1&constructor=x&zz=${encodeURIComponent(HUGE.slice(0, 20_000))}`, label: 'query unknown' });

  if (!hasBody) return shapes;
  // Bodies: depth, size, syntax, media type.
  shapes.push({ method: r.method, url: base, payload: DEEP_OBJECT, headers: json, label: 'deep object' });
  shapes.push({ method: r.method, url: base, payload: DEEP_ARRAY, headers: json, label: 'deep array' });
  shapes.push({ method: r.method, url: base, payload: BIG_BODY, headers: json, label: 'body over 1 MB' });
  shapes.push({ method: r.method, url: base, payload: WIDE_OBJECT, headers: json, label: 'wide object' });
  shapes.push({ method: r.method, url: base, payload: '{"a":', headers: json, label: 'broken JSON' });
  for (const p of ['[]', '"text"', 'null', '1e309', '{"a":"\\u0000"}', '{"__proto__":{"x":1}}'])
    shapes.push({ method: r.method, url: base, payload: p, headers: json, label: `body ${p}` });
  shapes.push({ method: r.method, url: base, payload: 'abc', headers: { 'content-type': 'multipart/form-data' }, label: 'multipart without boundary' });
  shapes.push({
    method: r.method,
    url: base,
    payload: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\u0000\u0000',
    headers: { 'content-type': 'multipart/form-data; boundary=b' },
    label: 'multipart cut short',
  });
  shapes.push({ method: r.method, url: base, payload: '<a/>', headers: { 'content-type': 'text/xml' }, label: 'xml' });
  // Each declared field with a wrong type and with a nasty value of the right type, the rest left out.
  const props = schema.body?.properties ?? {};
  for (const [i, [k, s]] of Object.entries(props).entries()) {
    shapes.push({ method: r.method, url: base, payload: JSON.stringify({ [k]: wrongType(s) }), headers: json, label: `body ${k} wrong type` });
    shapes.push({ method: r.method, url: base, payload: JSON.stringify({ [k]: nastyValue(s, i) }), headers: json, label: `body ${k} nasty` });
  }
  // A few generated bodies over the declared fields and some undeclared ones (fast-check, fixed seed).
  const keys = [...Object.keys(props), 'extra', 'id', 'orgId'];
  const arb = fc.dictionary(
    fc.constantFrom(...keys),
    fc.oneof(fc.anything({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 50 }), fc.integer(), fc.double()),
    { maxKeys: 6 },
  );
  for (const body of fc.sample(arb, { numRuns: 3, seed }))
    shapes.push({ method: r.method, url: base, payload: JSON.stringify(body), headers: json, label: 'generated' });
  return shapes;
}

let t: TestEnv;
let routes: RouteEntry[];
beforeAll(async () => {
  t = await setupTestEnv();
  routes = t.app.routeCatalog.filter((r) => (r.url.startsWith('/api/') || r.url.startsWith('/open311/')) && r.method !== 'HEAD');
});
afterAll(async () => t.close());

describe('fuzzing every route', () => {
  it('answers hostile input with 4xx, never a 5xx, and never stalls the event loop', { timeout: 600_000 }, async () => {
    expect(routes.length).toBeGreaterThan(150);
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    const failures: string[] = [];
    const stalls: string[] = [];
    let sent = 0;
    let busy = 0;
    const started = performance.now();

    const send = async (who: Client | null, s: Shape) => {
      sent++;
      const headers = { ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}), ...(s.headers ?? {}) };
      return t.app.inject({ method: s.method as 'GET', url: s.url, headers, ...(s.payload !== undefined ? { payload: s.payload } : {}) });
    };
    /** The longest event-loop block while the request ran, from the delay monitor (one timer phase is let pass so a block at its end counts). */
    const blockedMs = async (who: Client | null, s: Shape) => {
      histogram.reset();
      const res = await send(who, s);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return { res, ms: histogram.max / 1e6 };
    };

    const identities: Array<[string, () => Promise<Client | null>]> = [
      ['anonymous', async () => null],
      ['union.street', () => t.as('union.street')],
      ['sysadmin', () => t.as('sysadmin')],
    ];
    for (const [name, signIn] of identities) {
      let who = await signIn();
      for (const [i, r] of routes.entries()) {
        // Signing out would end the session the rest of the run uses.
        if (who && r.url.endsWith('/auth/logout')) continue;
        for (const s of shapesFor(r, SEED + i)) {
          // Busy time (event-loop utilisation) bounds any single block from above and costs nothing to read: only a
          // request busy for more than the limit is measured with the delay monitor, and counts when it blocks three times.
          const before = performance.eventLoopUtilization();
          let res = await send(who, s);
          if (res.statusCode >= 500) failures.push(`${name} ${s.method} ${r.url} [${s.label}] → ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (performance.eventLoopUtilization(before).active > STALL_MS) {
            busy++;
            let worst = Infinity;
            for (let k = 0; k < 3 && worst > STALL_MS; k++) {
              const m = await blockedMs(who, s);
              res = m.res;
              worst = Math.min(worst, m.ms);
            }
            if (worst > STALL_MS) stalls.push(`${name} ${s.method} ${r.url} [${s.label}] ${worst.toFixed(0)} ms`);
          }
          // Some routes end or replace the session (a password change, an account's roles): sign in again. A citizen
          // portal route answers 401 to anyone without a citizen session and leaves the staff session as it is.
          if (who && res.statusCode === 401 && !r.config?.citizen) who = await signIn();
        }
      }
    }
    histogram.disable();
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: ${sent} requests over ${routes.length} routes × 3 identities in ${secs} s; ${failures.length} 5xx, ${busy} busy over ${STALL_MS} ms re-measured, ${stalls.length} stalls over ${STALL_MS} ms`,
    );
    expect(failures).toEqual([]);
    expect(stalls).toEqual([]);
  });
});
