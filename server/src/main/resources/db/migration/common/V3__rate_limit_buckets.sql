-- Shared rate-limit buckets, one row per API key, so a key's limit holds across nodes
-- (used on PostgreSQL; an embedded H2 node counts in memory).
CREATE TABLE rate_limit_buckets (
  id         VARCHAR(80) PRIMARY KEY,
  state      BYTEA,
  expires_at BIGINT
);
