-- The partner portal: people of a partner who sign in with a password, their sessions (shared by
-- every node), the one-time links that set a password, and the counters that throttle sign-in.

CREATE TABLE portal_users (
  id            VARCHAR(40) PRIMARY KEY,
  partner_id    VARCHAR(40) NOT NULL REFERENCES partners (id),
  email         VARCHAR(320) NOT NULL,
  email_key     VARCHAR(320) NOT NULL UNIQUE,
  password_hash VARCHAR(300),
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX portal_users_partner ON portal_users (partner_id, created_at);

-- Only the SHA-256 of a session cookie or a link token is stored.
CREATE TABLE portal_sessions (
  token_hash VARCHAR(64) PRIMARY KEY,
  user_id    VARCHAR(40) NOT NULL REFERENCES portal_users (id),
  csrf_token VARCHAR(64) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX portal_sessions_user ON portal_sessions (user_id);

CREATE TABLE portal_sign_in_links (
  token_hash VARCHAR(64) PRIMARY KEY,
  user_id    VARCHAR(40) NOT NULL REFERENCES portal_users (id),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX portal_sign_in_links_user ON portal_sign_in_links (user_id);

-- Failed sign-ins per account ('account:<email>') and per address ('ip:<address>') in the
-- current window; a subject with too many is refused until its window ends.
CREATE TABLE portal_sign_in_failures (
  subject      VARCHAR(400) PRIMARY KEY,
  failures     INTEGER NOT NULL,
  window_start TIMESTAMP WITH TIME ZONE NOT NULL
);

-- When each API key was last used (written at most once a minute per key and node).
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;
