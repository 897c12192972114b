-- Every column holding a closed set accepts only that set's wire names, as its enum in the code
-- spells them (common.WireValue). A new value needs a migration here and a member there.

ALTER TABLE api_keys ADD CONSTRAINT api_keys_environment_check
  CHECK (environment IN ('test', 'live'));
ALTER TABLE api_keys ADD CONSTRAINT api_keys_preset_check
  CHECK (preset IN ('full', 'limited', 'read'));

ALTER TABLE users ADD CONSTRAINT users_environment_check CHECK (environment IN ('test', 'live'));
ALTER TABLE users ADD CONSTRAINT users_status_check CHECK (status IN ('active', 'deleted'));
ALTER TABLE users ADD CONSTRAINT users_sequencer_provider_check
  CHECK (sequencer_provider IN ('smartlead'));

ALTER TABLE bundles ADD CONSTRAINT bundles_environment_check
  CHECK (environment IN ('test', 'live'));
ALTER TABLE bundles ADD CONSTRAINT bundles_status_check CHECK (status IN ('active', 'archived'));

ALTER TABLE orders ADD CONSTRAINT orders_environment_check CHECK (environment IN ('test', 'live'));
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN (
  'in_progress',
  'completed',
  'failed',
  'action_required',
  'cancel_scheduled',
  'cancelled'));
ALTER TABLE orders ADD CONSTRAINT orders_sequencer_provider_check
  CHECK (sequencer_provider IN ('smartlead'));

ALTER TABLE order_requests ADD CONSTRAINT order_requests_environment_check
  CHECK (environment IN ('test', 'live'));

ALTER TABLE domains ADD CONSTRAINT domains_environment_check
  CHECK (environment IN ('test', 'live'));
ALTER TABLE domains ADD CONSTRAINT domains_category_check
  CHECK (category IN ('inventory', 'connected'));
ALTER TABLE domains ADD CONSTRAINT domains_status_check CHECK (status IN (
  'pending_nameservers',
  'available',
  'provisioning',
  'active',
  'action_required',
  'failed',
  'cancel_scheduled',
  'released',
  'retired'));
ALTER TABLE domains ADD CONSTRAINT domains_source_check
  CHECK (source IN ('registered', 'imported'));
ALTER TABLE domains ADD CONSTRAINT domains_provider_check
  CHECK (provider IN ('google', 'microsoft'));

ALTER TABLE domain_quotes ADD CONSTRAINT domain_quotes_environment_check
  CHECK (environment IN ('test', 'live'));
ALTER TABLE domain_quotes ADD CONSTRAINT domain_quotes_unavailable_check
  CHECK (unavailable IN ('taken', 'premium', 'invalid', 'errored', 'stale'));

ALTER TABLE inboxes ADD CONSTRAINT inboxes_environment_check
  CHECK (environment IN ('test', 'live'));
ALTER TABLE inboxes ADD CONSTRAINT inboxes_provider_check
  CHECK (provider IN ('google', 'microsoft'));
ALTER TABLE inboxes ADD CONSTRAINT inboxes_status_check CHECK (status IN ('active'));

ALTER TABLE events ADD CONSTRAINT events_environment_check CHECK (environment IN ('test', 'live'));
ALTER TABLE events ADD CONSTRAINT events_type_check CHECK (type IN (
  'order.in_progress',
  'order.completed',
  'order.failed',
  'order.action_required',
  'order.cancel_scheduled',
  'order.cancelled',
  'domain.action_required',
  'domain.connected',
  'ping'));

ALTER TABLE domain_workflows ADD CONSTRAINT domain_workflows_environment_check
  CHECK (environment IN ('test', 'live'));
ALTER TABLE domain_workflows ADD CONSTRAINT domain_workflows_provider_check
  CHECK (provider IN ('google', 'microsoft'));
ALTER TABLE domain_workflows ADD CONSTRAINT domain_workflows_step_check CHECK (step IN (
  'register',
  'dns',
  'verify',
  'inboxes',
  'forwarding',
  'sequencer',
  'connected',
  'failed',
  'released'));

ALTER TABLE pending_actions ADD CONSTRAINT pending_actions_environment_check
  CHECK (environment IN ('test', 'live'));
ALTER TABLE pending_actions ADD CONSTRAINT pending_actions_type_check
  CHECK (type IN ('google_profile_picture'));
ALTER TABLE pending_actions ADD CONSTRAINT pending_actions_reason_check
  CHECK (reason IN ('profile_picture_not_accessible'));
ALTER TABLE pending_actions ADD CONSTRAINT pending_actions_status_check
  CHECK (status IN ('open', 'resolved'));

ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_environment_check
  CHECK (environment IN ('test', 'live'));

ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_environment_check
  CHECK (environment IN ('test', 'live'));
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_state_check
  CHECK (state IN ('pending', 'delivered', 'failed'));

ALTER TABLE sandbox_dns_zones ADD CONSTRAINT sandbox_dns_zones_status_check
  CHECK (status IN ('pending', 'active'));

ALTER TABLE sandbox_mail_domains ADD CONSTRAINT sandbox_mail_domains_provider_check
  CHECK (provider IN ('google', 'microsoft'));

ALTER TABLE sandbox_mailboxes ADD CONSTRAINT sandbox_mailboxes_provider_check
  CHECK (provider IN ('google', 'microsoft'));
