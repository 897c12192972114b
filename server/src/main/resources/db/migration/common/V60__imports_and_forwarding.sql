-- Imports of customer-owned domains: one job per request, one row per submitted name.
-- A bulk job is found again by the hash of its normalised name set (per partner and environment).
CREATE TABLE domain_imports (
  id           VARCHAR(40) PRIMARY KEY,
  partner_id   VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment  VARCHAR(4) NOT NULL,
  kind         VARCHAR(10) NOT NULL,
  status       VARCHAR(20) NOT NULL,
  set_hash     VARCHAR(64),
  domain_count INTEGER NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  completed_at TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX domain_imports_set ON domain_imports (partner_id, environment, set_hash);

CREATE TABLE domain_import_rows (
  import_id   VARCHAR(40) NOT NULL REFERENCES domain_imports (id),
  seq         INTEGER NOT NULL,
  partner_id  VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment VARCHAR(4) NOT NULL,
  domain      VARCHAR(1000) NOT NULL,
  status      VARCHAR(20) NOT NULL,
  reason      VARCHAR(30),
  domain_id   VARCHAR(40) REFERENCES domains (id),
  nameservers VARCHAR(1000),
  checks      INTEGER NOT NULL,
  PRIMARY KEY (import_id, seq)
);
CREATE INDEX domain_import_rows_by_name ON domain_import_rows (partner_id, environment, domain);

-- Forwarding jobs: one row per domain to repoint.
CREATE TABLE forwarding_jobs (
  id             VARCHAR(40) PRIMARY KEY,
  partner_id     VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment    VARCHAR(4) NOT NULL,
  status         VARCHAR(20) NOT NULL,
  forwarding_url VARCHAR(2048) NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  completed_at   TIMESTAMP WITH TIME ZONE
);

CREATE TABLE forwarding_job_rows (
  job_id      VARCHAR(40) NOT NULL REFERENCES forwarding_jobs (id),
  seq         INTEGER NOT NULL,
  partner_id  VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment VARCHAR(4) NOT NULL,
  domain_id   VARCHAR(40) NOT NULL REFERENCES domains (id),
  domain      VARCHAR(253) NOT NULL,
  status      VARCHAR(20) NOT NULL,
  reason      VARCHAR(30),
  PRIMARY KEY (job_id, seq)
);

ALTER TABLE domain_imports ADD CONSTRAINT domain_imports_environment_check
  CHECK (environment IN ('test', 'live'));
ALTER TABLE domain_imports ADD CONSTRAINT domain_imports_kind_check
  CHECK (kind IN ('sync', 'bulk'));
ALTER TABLE domain_imports ADD CONSTRAINT domain_imports_status_check
  CHECK (status IN ('in_progress', 'completed', 'failed', 'action_required'));
ALTER TABLE domain_import_rows ADD CONSTRAINT domain_import_rows_environment_check
  CHECK (environment IN ('test', 'live'));
ALTER TABLE domain_import_rows ADD CONSTRAINT domain_import_rows_status_check
  CHECK (status IN ('queued', 'pending_nameservers', 'available', 'failed'));
ALTER TABLE domain_import_rows ADD CONSTRAINT domain_import_rows_reason_check CHECK (reason IN (
  'invalid_domain',
  'subdomain',
  'duplicate',
  'already_imported',
  'on_active_order',
  'nameservers_not_set',
  'zone_rejected'));
ALTER TABLE forwarding_jobs ADD CONSTRAINT forwarding_jobs_environment_check
  CHECK (environment IN ('test', 'live'));
ALTER TABLE forwarding_jobs ADD CONSTRAINT forwarding_jobs_status_check
  CHECK (status IN ('in_progress', 'completed', 'partial_success', 'failed'));
ALTER TABLE forwarding_job_rows ADD CONSTRAINT forwarding_job_rows_environment_check
  CHECK (environment IN ('test', 'live'));
ALTER TABLE forwarding_job_rows ADD CONSTRAINT forwarding_job_rows_status_check
  CHECK (status IN ('pending', 'completed', 'failed'));
ALTER TABLE forwarding_job_rows ADD CONSTRAINT forwarding_job_rows_reason_check
  CHECK (reason IN ('dns_lookup_failed', 'target_unreachable', 'invalid_target'));

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
  'ping'));
