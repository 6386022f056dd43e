import type { Res, TestEnv } from '../../test/harness.js';

export type CitizenClient = {
  phone: string;
  cookie: string;
  csrf: string;
  personId: number;
  get: (url: string) => Promise<Omit<Res, 'text'>>;
  post: (url: string, body?: unknown) => Promise<Omit<Res, 'text'>>;
  put: (url: string, body?: unknown) => Promise<Omit<Res, 'text'>>;
};

let ipSeq = 0;
/** A distinct client address per sign-in, so per-address sending limits do not couple unrelated tests. */
export const nextIp = () => {
  ipSeq++;
  return `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
};

const parse = (text: string) => {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
};

/** Signs a citizen in through the real code-and-verify endpoints (demo mode hands back the code). */
export async function signInCitizen(t: TestEnv, phone: string, profile: { name: string; regionCode: string }): Promise<CitizenClient> {
  const ip = nextIp();
  const code = await t.app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { phone }, remoteAddress: ip });
  if (code.statusCode !== 200) throw new Error(`code for ${phone}: ${code.statusCode} ${code.body}`);
  const demoCode = (JSON.parse(code.body) as { demoCode: string }).demoCode;
  const r = await t.app.inject({ method: 'POST', url: '/api/portal/auth/verify', payload: { phone, code: demoCode, ...profile }, remoteAddress: ip });
  if (r.statusCode !== 200) throw new Error(`verify ${phone}: ${r.statusCode} ${r.body}`);
  const setCookie = r.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0]! : String(setCookie)).split(';')[0]!;
  const me = JSON.parse(r.body) as { csrfToken: string; personId: number };
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => {
    const res = await t.app.inject({
      method,
      url,
      remoteAddress: ip,
      headers: { cookie, 'x-citizen-csrf': me.csrfToken },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    return { status: res.statusCode, body: parse(res.body), raw: res.rawPayload, headers: res.headers as Record<string, unknown> };
  };
  return {
    phone,
    cookie,
    csrf: me.csrfToken,
    personId: me.personId,
    get: (url) => call('GET', url),
    post: (url, body) => call('POST', url, body ?? {}),
    put: (url, body) => call('PUT', url, body ?? {}),
  };
}
