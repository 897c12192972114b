-- Ordering: the availability cache, 24-hour order deduplication, and domain listing indexes.

-- What the registrar last said about a name, per environment (shared by every partner of that
-- world: a registrar's answer does not depend on who asks). Rows older than five minutes answer
-- "stale" and are refreshed in the background. Errors are never cached.
CREATE TABLE domain_quotes (
  environment         VARCHAR(4) NOT NULL,
  domain              VARCHAR(253) NOT NULL,
  unavailable         VARCHAR(10),
  price_cents         BIGINT NOT NULL,
  renewal_price_cents BIGINT NOT NULL,
  currency            VARCHAR(3) NOT NULL,
  usable_google       BOOLEAN NOT NULL,
  usable_microsoft    BOOLEAN NOT NULL,
  quoted_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (environment, domain)
);

-- One row per accepted POST /orders body: an HMAC of its canonical JSON (never the body itself,
-- which carries the sequencer password). The unique index makes concurrent identical requests
-- create one order; a row older than 24 hours is replaced by the next identical request. The row
-- is the first write of the order's transaction (so duplicates collide before doing any work),
-- hence no foreign key to the order inserted after it.
CREATE TABLE order_requests (
  partner_id  VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment VARCHAR(4) NOT NULL,
  body_hash   VARCHAR(64) NOT NULL,
  order_id    VARCHAR(40) NOT NULL,
  status_code INTEGER NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX order_requests_body ON order_requests (partner_id, environment, body_hash);

CREATE INDEX domains_by_user ON domains (partner_id, environment, user_id, created_at DESC, id DESC);
CREATE INDEX domains_by_category ON domains (partner_id, environment, category, created_at DESC, id DESC);
