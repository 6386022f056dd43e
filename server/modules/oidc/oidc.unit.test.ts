import { describe, expect, it } from 'vitest';
import { refusalOf, verifiedPhone } from './oidc.policy.js';

describe('oidc policy', () => {
  it('reads the refusal from the wrapped library error', () => {
    const wrapped = (code: string, cause: Record<string, unknown>) =>
      Object.assign(new Error('x'), { code, cause: Object.assign(new Error('y'), { code, cause }) });
    expect(refusalOf(wrapped('OAUTH_JWT_CLAIM_COMPARISON_FAILED', { claim: 'aud' }))).toBe('audience');
    expect(refusalOf(wrapped('OAUTH_JWT_CLAIM_COMPARISON_FAILED', { claim: 'nonce' }))).toBe('nonce');
    expect(refusalOf(wrapped('OAUTH_JWT_TIMESTAMP_CHECK_FAILED', { claim: 'exp' }))).toBe('token_expired');
    expect(refusalOf(Object.assign(new Error('z'), { code: 'OAUTH_RESPONSE_BODY_ERROR', error: 'invalid_grant' }))).toBe('code_rejected');
    expect(refusalOf(new TypeError('fetch failed'))).toBe('provider');
    expect(refusalOf(undefined)).toBe('provider');
  });
  it('takes a phone only when the provider says it is verified', () => {
    expect(verifiedPhone({ phone_number: '+86 139-1234-0001', phone_number_verified: true })).toBe('13912340001');
    expect(verifiedPhone({ phone_number: '13912340001', phone_number_verified: 'true' })).toBeNull();
    expect(verifiedPhone({ phone_number: '+4915112345678', phone_number_verified: true })).toBeNull();
  });
});
