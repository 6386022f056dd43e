import type { OidcRefusal } from '../../../contracts/oidc.js';

/** How long a browser may stay at the provider between start and callback. */
export const LOGIN_TTL_SECONDS = 600;

/** A refused sign-in through the provider, with its stable reason. */
export class OidcRefused extends Error {
  constructor(readonly reason: OidcRefusal) {
    super(`oidc sign-in refused: ${reason}`);
  }
}

type LibError = { code?: unknown; error?: unknown; cause?: unknown; name?: unknown; claim?: unknown };

/**
 * The refusal an openid-client (oauth4webapi) error stands for: the ID token's audience or authorized party, its
 * expiry or issue time, its nonce, or the provider refusing the code (replayed, expired or the PKCE verifier wrong).
 * openid-client wraps oauth4webapi's errors, which carry the compared claim in their cause: the chain is read down.
 */
export function refusalOf(err: unknown): OidcRefusal {
  let code: unknown;
  let claim: unknown;
  let oauthError: unknown;
  let e = err as LibError | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++, e = e.cause as LibError | undefined) {
    code ??= typeof e.code === 'string' && e.code.startsWith('OAUTH_') ? e.code : undefined;
    claim ??= e.claim;
    oauthError ??= typeof e.error === 'string' ? e.error : undefined;
  }
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
    if (claim === 'aud' || claim === 'azp') return 'audience';
    if (claim === 'nonce') return 'nonce';
    return 'provider';
  }
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return 'token_expired';
  if (code === 'OAUTH_RESPONSE_BODY_ERROR') return oauthError === 'invalid_grant' ? 'code_rejected' : 'provider';
  if (code === 'OAUTH_AUTHORIZATION_RESPONSE_ERROR') return 'denied';
  return 'provider';
}

/** The provider's verified mobile phone: `phone_number` with `phone_number_verified: true`, else null. */
export function verifiedPhone(claims: Record<string, unknown>): string | null {
  if (claims.phone_number_verified !== true || typeof claims.phone_number !== 'string') return null;
  // E.164 as providers send it (+8613812345678) or the bare national number.
  const digits = claims.phone_number.replace(/[\s-]/g, '').replace(/^\+86/, '').replace(/^0086/, '');
  return /^1[3-9][0-9]{9}$/.test(digits) ? digits : null;
}
