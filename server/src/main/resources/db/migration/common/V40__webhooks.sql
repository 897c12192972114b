-- Webhook delivery: one endpoint per partner and environment, its signing secrets (sealed), one
-- delivery row per event and endpoint, and a log of every attempt.

CREATE TABLE webhook_endpoints (
  id          VARCHAR(40) PRIMARY KEY,
  partner_id  VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment VARCHAR(4) NOT NULL,
  url         VARCHAR(2048) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX webhook_endpoints_scope ON webhook_endpoints (partner_id, environment);

-- A secret signs while expires_at is null or in the future; rotation sets the old one's expiry.
CREATE TABLE webhook_secrets (
  id          VARCHAR(40) PRIMARY KEY,
  endpoint_id VARCHAR(40) NOT NULL REFERENCES webhook_endpoints (id),
  sealed      VARCHAR(500) NOT NULL,
  hint        VARCHAR(40) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX webhook_secrets_endpoint ON webhook_secrets (endpoint_id, created_at);

-- Written in the transaction of the event itself (see Outbox), so an event is never without its
-- delivery. due_at is the next moment any node may take the row: the retry time, or the end of
-- the lease of the node sending it now; null once the delivery is settled.
CREATE TABLE webhook_deliveries (
  event_id    VARCHAR(40) PRIMARY KEY REFERENCES events (id),
  endpoint_id VARCHAR(40) NOT NULL REFERENCES webhook_endpoints (id),
  partner_id  VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment VARCHAR(4) NOT NULL,
  state       VARCHAR(10) NOT NULL,
  attempts    INTEGER NOT NULL,
  due_at      TIMESTAMP WITH TIME ZONE,
  claim_token VARCHAR(40),
  last_status INTEGER,
  last_error  VARCHAR(500),
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  settled_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (due_at, event_id);
CREATE INDEX webhook_deliveries_listing
  ON webhook_deliveries (partner_id, environment, created_at DESC, event_id DESC);

-- One row per attempt; the key makes "the same attempt delivered twice" impossible to record.
CREATE TABLE webhook_attempts (
  event_id     VARCHAR(40) NOT NULL REFERENCES webhook_deliveries (event_id),
  attempt      INTEGER NOT NULL,
  url          VARCHAR(2048) NOT NULL,
  status_code  INTEGER,
  latency_ms   INTEGER NOT NULL,
  error        VARCHAR(500),
  started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (event_id, attempt)
);
