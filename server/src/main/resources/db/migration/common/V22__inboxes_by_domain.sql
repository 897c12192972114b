-- The workflow reads and deletes a domain's inboxes by domain; without this index each lookup
-- scanned every inbox of the partner.
CREATE INDEX inboxes_by_domain ON inboxes (domain_id);
