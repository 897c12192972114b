-- Shared rate-limit buckets, one row per API key, so the per-key limit holds across nodes.
CREATE TABLE rate_limit_buckets (
  id         VARCHAR(80) PRIMARY KEY,
  state      BYTEA,
  expires_at BIGINT
);
