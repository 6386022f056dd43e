/** English strings of oidc, loaded only when English is chosen; a missing entry is a type error. */
import type { zh } from './messages';

export const en: Record<keyof typeof zh, string> = {
  'oidc.signIn': 'Sign in with unified identity',
  'oidc.or': 'or',
  'oidc.citizenSignIn': "Sign in with the city's identity service",
  'oidc.error.state': 'The sign-in request expired or was not started in this browser. Please sign in again.',
  'oidc.error.audience': 'The identity token was not issued to this platform and was refused.',
  'oidc.error.code_rejected': 'The authorization code is invalid or was already used. Please sign in again.',
  'oidc.error.token_expired': 'The identity token has expired. Please sign in again.',
  'oidc.error.nonce': 'The identity token does not belong to this sign-in and was refused.',
  'oidc.error.unbound': 'This identity is not bound to a platform account. Ask the security administrator to bind it.',
  'oidc.error.account_unusable': 'The bound account is disabled or locked. Contact the security administrator.',
  'oidc.error.phone_unverified': 'The identity service gave no verified mobile phone. Please sign in with a one-time code.',
  'oidc.error.no_person': 'This phone is not registered yet. Please sign in once with a one-time code.',
  'oidc.error.denied': 'Sign-in was cancelled at the identity service.',
  'oidc.error.provider': 'The identity service could not complete the sign-in. Try again later or use your password.',
  'oidc.bindings': 'Unified identity',
  'oidc.bindingsTitle': 'Unified identity binding: {name}',
  'oidc.bindingsHelp':
    'Once bound, this account can sign in through the unified identity service; sign-in never creates an account and the password keeps working. The subject (sub) is given by the identity provider.',
  'oidc.off': 'No identity provider is configured (OIDC_ISSUER): nothing can be bound.',
  'oidc.issuer': 'Provider',
  'oidc.subject': 'Subject (sub)',
  'oidc.boundAt': 'Bound at',
  'oidc.lastUsed': 'Last used',
  'oidc.bind': 'Bind',
  'oidc.unbind': 'Unbind',
  'oidc.unbindConfirm': 'Remove the unified identity binding of {name}?',
  'oidc.none': 'Not bound',
};
