/**
 * A real OpenID Connect provider (the `oidc-provider` package) on a loopback port, for tests of the platform's
 * sign-in through it, and a small browser that follows redirects with real HTTP and carries cookies per origin.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export type TestUser = { sub: string; phone_number?: string; phone_number_verified?: boolean };
/** Changes the next ID token the token endpoint answers with, re-signed with the provider's own key. */
export type Tamper = { aud?: string; expiredSecondsAgo?: number } | null;

export type TestProvider = {
  issuer: string;
  /** The user the provider signs in at its next interaction (no login form: the test chooses who). */
  signInAs: (user: TestUser) => void;
  tamperNextIdToken: (t: Tamper) => void;
  close: () => Promise<void>;
};

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export async function startTestProvider(clients: Array<{ clientId: string; clientSecret: string; redirectUri: string }>): Promise<TestProvider> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server: Server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const users = new Map<string, TestUser>();
  let current: TestUser | null = null;
  let tamper: Tamper = null;

  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [jwk as never] },
    claims: { openid: ['sub'], phone: ['phone_number', 'phone_number_verified'] },
    // The platform reads the claims from the ID token, as the city's providers send them.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['qunhub-test-provider'] },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
    findAccount: (_ctx, id) => {
      const u = users.get(id);
      return u ? { accountId: id, claims: () => ({ ...u }) } : undefined;
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && tamper && ctx.body && typeof ctx.body === 'object' && 'id_token' in ctx.body) {
      const body = ctx.body as { id_token: string };
      const [, payload] = body.id_token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (tamper.aud !== undefined) claims.aud = tamper.aud;
      if (tamper.expiredSecondsAgo !== undefined) {
        const now = Math.floor(Date.now() / 1000);
        claims.exp = now - tamper.expiredSecondsAgo;
        claims.iat = now - tamper.expiredSecondsAgo - 600;
      }
      const signingInput = `${b64(JSON.stringify({ alg: 'RS256', kid: 'test-key' }))}.${b64(JSON.stringify(claims))}`;
      body.id_token = `${signingInput}.${b64(sign('sha256', Buffer.from(signingInput), privateKey))}`;
      tamper = null;
    }
  });
  const providerCallback = provider.callback();
  handler = (req, res) => {
    // A test in another process (the browser tests) chooses the next user here.
    if (req.url?.startsWith('/__test/sign-in-as?')) {
      current = { sub: new URL(req.url, issuer).searchParams.get('sub') ?? '' };
      res.end('ok');
      return;
    }
    if (!req.url?.startsWith('/interaction/')) return void providerCallback(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (!current) throw new Error('the test provider has no user to sign in');
        users.set(current.sub, current);
        const grant = new provider.Grant({ accountId: current.sub, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { login: { accountId: current.sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
      } catch (err) {
        res.statusCode = 500;
        res.end(String(err));
      }
    })();
  };
  return {
    issuer,
    signInAs: (u) => {
      current = u;
    },
    tamperNextIdToken: (t) => {
      tamper = t;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A browser without a page: follows redirects one by one with fetch, keeping each origin's cookies. */
export class RedirectBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }

  setCookie(origin: string, name: string, value: string): void {
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    jar.set(name, value);
    this.jars.set(origin, jar);
  }

  /** One request; stores the cookies it sets (a cleared cookie is dropped). */
  async get(url: string): Promise<{ status: number; location: string | null; url: string; text: string }> {
    const u = new URL(url);
    const jar = this.jars.get(u.origin) ?? new Map<string, string>();
    this.jars.set(u.origin, jar);
    const res = await fetch(u, { redirect: 'manual', headers: jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {} });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    const location = res.headers.get('location');
    return { status: res.status, location: location ? new URL(location, u).href : null, url: u.href, text: await res.text() };
  }

  /** Follows redirects from `url` until `stop` says so or a non-redirect answer; returns the last request's answer. */
  async follow(url: string, stop: (next: string) => boolean = () => false, max = 12) {
    let r = await this.get(url);
    for (let i = 0; i < max && r.location && r.status >= 300 && r.status < 400 && !stop(r.location); i++) r = await this.get(r.location);
    return r;
  }
}
