-- Lookups of many names at once (`domain IN (...)`, the domains of an order, a bulk import, a batch
-- of availability quotes) use an index only where the list's column comes first: H2 does not seek
-- an IN list behind equal tenant columns, and read every domain of the partner instead.
DROP INDEX domains_name;
CREATE UNIQUE INDEX domains_name ON domains (domain, partner_id, environment);
DROP INDEX domain_import_rows_by_name;
CREATE INDEX domain_import_rows_by_name ON domain_import_rows (domain, partner_id, environment);
CREATE INDEX domain_quotes_by_name ON domain_quotes (domain, environment);
