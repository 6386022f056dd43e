-- Single sign-on through an OpenID Connect provider (ADR 0016).
-- A staff account signs in through the provider only once the security administrator has bound it to the
-- provider's issuer and subject; sign-in never creates an account.
CREATE TABLE oidc_bindings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  issuer text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 400),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  created_by bigint REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  UNIQUE (issuer, subject),
  UNIQUE (account_id, issuer)
);

-- One row per sign-in under way: the state sent to the provider, the PKCE verifier and nonce kept here, bound to the
-- browser that started it (hash of a random cookie). Deleted when the provider sends the browser back, used or not.
CREATE TABLE oidc_logins (
  state text PRIMARY KEY,
  browser_hash bytea NOT NULL,
  audience text NOT NULL CHECK (audience IN ('staff', 'citizen')),
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX oidc_logins_expiry ON oidc_logins (expires_at);

UPDATE roles SET permissions = permissions || ARRAY['account.oidc'] WHERE code = 'sec_admin';
