import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { createContainer } from '../../container.js';
import { DEMO_PASSWORD } from '../../db/seed/demo.js';
import { parseKeyring } from '../../platform/crypto/keyring.js';
import { setupTestEnv, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
beforeAll(async () => {
  t = await setupTestEnv();
});
afterAll(async () => t.close());

describe('key rotation', () => {
  it('encrypts new values with the new key id while values under the old id still decrypt', async () => {
    const u = await t.as('union.community');
    const region = (await u.get('/api/auth/me')).body.scope.regionPath.split('.').at(-1);
    const before = (await u.post('/api/people', { name: '旧钥匙', phone: '13911112222', regionCode: region })).body;

    const keys = inject('keySpec');
    const second = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString('base64');
    const rotated = parseKeyring({ ...keys, dataKeys: `${keys.dataKeys},2:${second}`, activeKeyId: 2 });
    if (!rotated.ok) throw new Error(rotated.problems.join('; '));
    const c2 = createContainer(loadConfig({ QUNHUB_MODE: 'test', LOG_LEVEL: 'silent' }), t.dbUrl, rotated.keyring);
    const app2 = await buildApp(c2);
    try {
      const login = await app2.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'union.community', password: DEMO_PASSWORD } });
      const headers = {
        cookie: String(login.headers['set-cookie']).split(';')[0]!,
        'x-csrf-token': (JSON.parse(login.body) as { csrfToken: string }).csrfToken,
      };
      const after = JSON.parse(
        (await app2.inject({ method: 'POST', url: '/api/people', headers, payload: { name: '新钥匙', phone: '13933334444', regionCode: region } })).body,
      ) as { id: number };
      const blobs = await c2.db.selectFrom('people').select(['id', 'phone_enc']).where('id', 'in', [before.id, after.id]).execute();
      const keyIdOf = (id: number) => Buffer.from(blobs.find((b) => b.id === id)!.phone_enc!)[1];
      expect(keyIdOf(before.id)).toBe(keys.activeKeyId);
      expect(keyIdOf(after.id)).toBe(2);
      for (const [id, phone] of [
        [before.id, '13911112222'],
        [after.id, '13933334444'],
      ] as const) {
        const r = await app2.inject({ method: 'POST', url: `/api/people/${id}/reveal`, headers, payload: { field: 'phone', purpose: '密钥轮换核对' } });
        expect(JSON.parse(r.body).value).toBe(phone);
      }
    } finally {
      await app2.close();
      await c2.close();
    }
  });
});
