-- The sandbox's simulated providers keep their own state, as the real ones do on their side.
-- Each table is that provider's record of what it did; a retried workflow step must find its
-- earlier effect here instead of doing it again (tests count these rows).

-- What the sandbox registrar sold, to whom.
CREATE TABLE sandbox_registrations (
  id            VARCHAR(40) PRIMARY KEY,
  partner_id    VARCHAR(40) NOT NULL,
  domain        VARCHAR(253) NOT NULL,
  price_cents   BIGINT NOT NULL,
  registered_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sandbox_registrations_domain ON sandbox_registrations (partner_id, domain);

-- The sandbox DNS host: zones and their records.
CREATE TABLE sandbox_dns_zones (
  partner_id  VARCHAR(40) NOT NULL,
  zone        VARCHAR(253) NOT NULL,
  status      VARCHAR(10) NOT NULL,
  attempts    INTEGER NOT NULL,
  nameservers VARCHAR(500) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (partner_id, zone)
);
CREATE TABLE sandbox_dns_records (
  partner_id  VARCHAR(40) NOT NULL,
  zone        VARCHAR(253) NOT NULL,
  record_type VARCHAR(10) NOT NULL,
  name        VARCHAR(253) NOT NULL,
  content     VARCHAR(2048) NOT NULL,
  priority    INTEGER,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sandbox_dns_records_zone ON sandbox_dns_records (partner_id, zone);

-- The sandbox mail providers (google, microsoft): domains, their verification, mailboxes.
CREATE TABLE sandbox_mail_domains (
  partner_id         VARCHAR(40) NOT NULL,
  provider           VARCHAR(10) NOT NULL,
  domain             VARCHAR(253) NOT NULL,
  verification_token VARCHAR(100) NOT NULL,
  dkim_key           VARCHAR(500) NOT NULL,
  verified_at        TIMESTAMP WITH TIME ZONE,
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (partner_id, provider, domain)
);
CREATE TABLE sandbox_mailboxes (
  id           VARCHAR(40) PRIMARY KEY,
  partner_id   VARCHAR(40) NOT NULL,
  provider     VARCHAR(10) NOT NULL,
  domain       VARCHAR(253) NOT NULL,
  address      VARCHAR(320) NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  deleted_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX sandbox_mailboxes_domain ON sandbox_mailboxes (partner_id, provider, domain);

-- The sandbox sequencer (Smartlead): email accounts uploaded to a client.
CREATE TABLE sandbox_sequencer_accounts (
  id          VARCHAR(40) PRIMARY KEY,
  partner_id  VARCHAR(40) NOT NULL,
  client_id   BIGINT NOT NULL,
  address     VARCHAR(320) NOT NULL,
  login_email VARCHAR(320) NOT NULL,
  uploaded_at TIMESTAMP WITH TIME ZONE NOT NULL,
  removed_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX sandbox_sequencer_accounts_address ON sandbox_sequencer_accounts (partner_id, address);

-- The sandbox forwarder: one redirect per domain.
CREATE TABLE sandbox_redirects (
  partner_id VARCHAR(40) NOT NULL,
  domain     VARCHAR(253) NOT NULL,
  target_url VARCHAR(2048) NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (partner_id, domain)
);
