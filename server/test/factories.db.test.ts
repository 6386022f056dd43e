import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type Factories } from './factories.js';
import { setupTestEnv, type TestEnv } from './harness.js';

let t: TestEnv;
let f: Factories;
beforeAll(async () => {
  t = await setupTestEnv();
  f = factories(t);
});
afterAll(async () => t?.close());

describe('test factories', () => {
  it('build two neighbouring street units with their own staff, whose scopes keep each other out', { timeout: 60_000 }, async () => {
    const [mine, theirs] = await f.neighbours();
    expect(mine.district.code).toBe(theirs.district.code);
    expect(mine.street.code).not.toBe(theirs.street.code);
    const [a, b] = await f.tree('women', [mine, theirs]);
    expect(a!.district.id).toBe(b!.district.id);
    const staffA = await f.staff(a!.street.id, ['worker']);
    const staffB = await f.staff(b!.street.id, ['worker']);
    expect((await staffA.get('/api/auth/me')).body.mustChangePassword).toBe(false);

    const person = await staffA.post('/api/people', { name: '测试居民', regionCode: mine.community.code, groups: ['woman'] });
    expect(person.status).toBe(201);
    expect((await staffA.get(`/api/people/${person.body.id}`)).status).toBe(200);
    expect((await staffB.get(`/api/people/${person.body.id}`)).status).toBe(404);
    const listed = await staffB.get('/api/people?q=测试居民');
    expect(listed.body.items.map((p: { id: number }) => p.id)).not.toContain(person.body.id);
  });
});
