-- Swaps: a domain replaced inside a live order, or the names on a domain's inboxes changed. One
-- row per swap (user-name swaps: one per inbox). The partner's operator settings that swaps and
-- sequencer routing read live on the partner row.

-- The sequencer client a user or order gets when it sends client_id null or "".
ALTER TABLE partners ADD COLUMN default_sequencer_client_id BIGINT;
-- How much of a partner's Microsoft inboxes may be under premium swap at once.
ALTER TABLE partners ADD COLUMN swap_tier VARCHAR(10) DEFAULT 'base' NOT NULL;
ALTER TABLE partners ADD CONSTRAINT partners_swap_tier_check
  CHECK (swap_tier IN ('base', 'premium', 'vip', 'vip_plus'));

-- A workflow row started by a swap (the replacement domain) names it; personas, when set, are
-- the names this domain's inboxes carry instead of the order's (a user-name swap).
ALTER TABLE domain_workflows ADD COLUMN swap_id VARCHAR(40);
ALTER TABLE domain_workflows ADD COLUMN personas VARCHAR(20000);

CREATE TABLE swaps (
  id                    VARCHAR(40) PRIMARY KEY,
  partner_id            VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment           VARCHAR(4) NOT NULL,
  type                  VARCHAR(12) NOT NULL,
  status                VARCHAR(20) NOT NULL,
  domain_id             VARCHAR(40) NOT NULL REFERENCES domains (id),
  order_id              VARCHAR(40) NOT NULL REFERENCES orders (id),
  user_id               VARCHAR(40) NOT NULL REFERENCES users (id),
  replacement_domain    VARCHAR(253),
  replacement_domain_id VARCHAR(40) REFERENCES domains (id),
  -- user-name swaps: the inbox as it was (null when not created yet) and what it becomes
  inbox_address         VARCHAR(320),
  new_address           VARCHAR(320),
  new_display_name      VARCHAR(200),
  -- how many inboxes the swapped domain carries (premium quota)
  inbox_count           INTEGER NOT NULL,
  reason                VARCHAR(500),
  -- when the old domain is (premium: was planned to be) retired
  retire_at             TIMESTAMP WITH TIME ZONE,
  retired_at            TIMESTAMP WITH TIME ZONE,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  completed_at          TIMESTAMP WITH TIME ZONE
);
CREATE INDEX swaps_listing ON swaps (partner_id, environment, created_at DESC, id DESC);
CREATE INDEX swaps_by_domain ON swaps (domain_id, created_at DESC);
CREATE INDEX swaps_by_order ON swaps (partner_id, environment, order_id, created_at DESC, id DESC);
CREATE INDEX swaps_by_status ON swaps (partner_id, environment, status, created_at DESC, id DESC);

ALTER TABLE swaps ADD CONSTRAINT swaps_environment_check CHECK (environment IN ('test', 'live'));
ALTER TABLE swaps ADD CONSTRAINT swaps_type_check
  CHECK (type IN ('standard', 'premium', 'user_names'));
ALTER TABLE swaps ADD CONSTRAINT swaps_status_check CHECK (status IN (
  'created',
  'in_progress',
  'completed',
  'failed',
  'action_required'));

ALTER TABLE events DROP CONSTRAINT events_type_check;
ALTER TABLE events ADD CONSTRAINT events_type_check CHECK (type IN (
  'order.in_progress',
  'order.completed',
  'order.failed',
  'order.action_required',
  'order.cancel_scheduled',
  'order.cancelled',
  'domain.action_required',
  'domain.connected',
  'domain.forwarding_updated',
  'domain.forwarding_failed',
  'domain_import.completed',
  'domain_import.failed',
  'domain_import.action_required',
  'ping',
  'swap.created',
  'swap.in_progress',
  'swap.completed',
  'swap.failed',
  'swap.action_required'));
