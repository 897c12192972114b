-- Partners, their API keys, their customers (users) and orders.
-- Every tenant table carries (partner_id, environment) and its indexes lead with them.

CREATE TABLE server_settings (
  name  VARCHAR(100) PRIMARY KEY,
  content VARCHAR(1000) NOT NULL
);

CREATE TABLE partners (
  id         VARCHAR(40) PRIMARY KEY,
  name       VARCHAR(200) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE api_keys (
  id                    VARCHAR(40) PRIMARY KEY,
  partner_id            VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment           VARCHAR(4) NOT NULL,
  preset                VARCHAR(10) NOT NULL,
  secret_hash           VARCHAR(64) NOT NULL UNIQUE,
  hint                  VARCHAR(40) NOT NULL,
  rate_limit_per_minute INTEGER NOT NULL,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at            TIMESTAMP WITH TIME ZONE
);
CREATE INDEX api_keys_partner ON api_keys (partner_id, created_at);

CREATE TABLE users (
  id                  VARCHAR(40) PRIMARY KEY,
  partner_id          VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment         VARCHAR(4) NOT NULL,
  email               VARCHAR(320) NOT NULL,
  email_key           VARCHAR(320) NOT NULL,
  first_name          VARCHAR(100),
  last_name           VARCHAR(100),
  status              VARCHAR(10) NOT NULL,
  sequencer_provider  VARCHAR(20),
  sequencer_client_id BIGINT,
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  deleted_at          TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX users_email ON users (partner_id, environment, email_key);
CREATE INDEX users_listing ON users (partner_id, environment, created_at DESC, id DESC);

CREATE TABLE bundles (
  id                        VARCHAR(40) PRIMARY KEY,
  partner_id                VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment               VARCHAR(4) NOT NULL,
  name                      VARCHAR(200) NOT NULL,
  monthly_sending_volume    BIGINT NOT NULL,
  google_percent            INTEGER,
  microsoft_percent         INTEGER,
  send_on_weekends          BOOLEAN NOT NULL,
  google_inboxes_per_domain INTEGER NOT NULL,
  customer_price_cents      BIGINT,
  currency                  VARCHAR(3),
  status                    VARCHAR(10) NOT NULL,
  created_at                TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX bundles_listing ON bundles (partner_id, environment, created_at DESC, id DESC);

CREATE TABLE orders (
  id                        VARCHAR(40) PRIMARY KEY,
  partner_id                VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment               VARCHAR(4) NOT NULL,
  user_id                   VARCHAR(40) NOT NULL REFERENCES users (id),
  bundle_id                 VARCHAR(40) REFERENCES bundles (id),
  status                    VARCHAR(20) NOT NULL,
  domain_count              INTEGER NOT NULL,
  google_licenses           INTEGER NOT NULL,
  microsoft_licenses        INTEGER NOT NULL,
  google_inboxes_per_domain INTEGER NOT NULL,
  total_cents               BIGINT NOT NULL,
  currency                  VARCHAR(3) NOT NULL,
  line_items                VARCHAR(4000) NOT NULL,
  personas                  VARCHAR(20000) NOT NULL,
  forwarding_url            VARCHAR(2048),
  sequencer_provider        VARCHAR(20) NOT NULL,
  sequencer_client_id       BIGINT NOT NULL,
  sequencer_login_email     VARCHAR(320),
  sequencer_login_secret    VARCHAR(2000),
  renews_at                 TIMESTAMP WITH TIME ZONE NOT NULL,
  created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
  cancellation_scheduled_at TIMESTAMP WITH TIME ZONE,
  cancels_at                TIMESTAMP WITH TIME ZONE,
  completed_at              TIMESTAMP WITH TIME ZONE
);
CREATE INDEX orders_listing ON orders (partner_id, environment, created_at DESC, id DESC);
CREATE INDEX orders_by_user ON orders (partner_id, environment, user_id, created_at DESC, id DESC);
CREATE INDEX orders_by_bundle ON orders (partner_id, environment, bundle_id, created_at DESC, id DESC);
CREATE INDEX orders_by_status ON orders (partner_id, environment, status, created_at DESC, id DESC);

-- Domains: inventory (imported or released) and connected (on an order).
CREATE TABLE domains (
  id             VARCHAR(40) PRIMARY KEY,
  partner_id     VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment    VARCHAR(4) NOT NULL,
  domain         VARCHAR(253) NOT NULL,
  category       VARCHAR(10) NOT NULL,
  status         VARCHAR(20) NOT NULL,
  source         VARCHAR(10) NOT NULL,
  provider       VARCHAR(10),
  user_id        VARCHAR(40) REFERENCES users (id),
  order_id       VARCHAR(40) REFERENCES orders (id),
  usable_google    BOOLEAN NOT NULL,
  usable_microsoft BOOLEAN NOT NULL,
  forwarding_url VARCHAR(2048),
  price_cents    BIGINT,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX domains_name ON domains (partner_id, environment, domain);
CREATE INDEX domains_listing ON domains (partner_id, environment, created_at DESC, id DESC);
CREATE INDEX domains_by_order ON domains (order_id);

-- Mailboxes created on connected domains.
CREATE TABLE inboxes (
  id           VARCHAR(40) PRIMARY KEY,
  partner_id   VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment  VARCHAR(4) NOT NULL,
  order_id     VARCHAR(40) NOT NULL REFERENCES orders (id),
  domain_id    VARCHAR(40) NOT NULL REFERENCES domains (id),
  address      VARCHAR(320) NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  provider     VARCHAR(10) NOT NULL,
  status       VARCHAR(20) NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX inboxes_address ON inboxes (partner_id, environment, address);
CREATE INDEX inboxes_by_order ON inboxes (order_id, created_at, id);

-- The outbox: every event is written in the transaction of the change that causes it.
CREATE TABLE events (
  id          VARCHAR(40) PRIMARY KEY,
  partner_id  VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment VARCHAR(4) NOT NULL,
  type        VARCHAR(40) NOT NULL,
  object_id   VARCHAR(40) NOT NULL,
  payload     VARCHAR(1000000) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX events_listing ON events (partner_id, environment, created_at, id);
CREATE INDEX events_by_object ON events (object_id);
