-- The provisioning workflow: one row per domain of an order, persisted after every step, and the
-- pending actions that block a domain until an operator or the partner fixes their cause.

CREATE TABLE domain_workflows (
  order_id      VARCHAR(40) NOT NULL REFERENCES orders (id),
  domain_id     VARCHAR(40) NOT NULL REFERENCES domains (id),
  partner_id    VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment   VARCHAR(4) NOT NULL,
  provider      VARCHAR(10) NOT NULL,
  -- register, dns, verify, inboxes, forwarding, sequencer, connected, failed, released
  step          VARCHAR(20) NOT NULL,
  -- how many inboxes the domain carries, and which persona names the first of them
  inbox_count   INTEGER NOT NULL,
  first_persona INTEGER NOT NULL,
  -- consecutive transient failures (or unanswered checks) of the current step
  attempts      INTEGER NOT NULL,
  last_error    VARCHAR(500),
  cancels_at    TIMESTAMP WITH TIME ZONE,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (order_id, domain_id)
);
CREATE INDEX domain_workflows_by_domain ON domain_workflows (domain_id);

CREATE TABLE pending_actions (
  id                  VARCHAR(40) PRIMARY KEY,
  partner_id          VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment         VARCHAR(4) NOT NULL,
  order_id            VARCHAR(40) NOT NULL REFERENCES orders (id),
  domain_id           VARCHAR(40) REFERENCES domains (id),
  domain              VARCHAR(253),
  type                VARCHAR(40) NOT NULL,
  reason              VARCHAR(60) NOT NULL,
  status              VARCHAR(10) NOT NULL,
  persona_index       INTEGER NOT NULL,
  first_name          VARCHAR(100),
  last_name           VARCHAR(100),
  profile_picture_url VARCHAR(2048),
  message             VARCHAR(500) NOT NULL,
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  resolved_at         TIMESTAMP WITH TIME ZONE
);
-- one action per cause: a retried step finds the action it raised before
CREATE UNIQUE INDEX pending_actions_cause ON pending_actions (order_id, domain_id, type, persona_index);
CREATE INDEX pending_actions_listing
  ON pending_actions (partner_id, environment, status, created_at DESC, id DESC);
