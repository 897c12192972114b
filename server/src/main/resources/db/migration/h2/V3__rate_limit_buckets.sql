-- Kept in step with PostgreSQL; an embedded H2 node counts in memory.
CREATE TABLE rate_limit_buckets (
  id         VARCHAR(80) PRIMARY KEY,
  state      BLOB,
  expires_at BIGINT
);
