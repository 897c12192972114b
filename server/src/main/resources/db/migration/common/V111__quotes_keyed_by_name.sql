-- The availability cache is read a batch of names at a time (`environment = ? AND domain IN (...)`).
-- Its key led with the environment, and H2 costs an IN list as if any column of an index could
-- seek it while it seeks only the first: it took the key for the environment alone, which reads
-- every cached quote of that world, over the index on (domain, environment). The key now leads
-- with the name, and is the table's one index. The table is a five-minute cache, so it is
-- recreated empty: the next availability check asks the registrar again.
DROP TABLE domain_quotes;
CREATE TABLE domain_quotes (
  domain              VARCHAR(253) NOT NULL,
  environment         VARCHAR(4) NOT NULL,
  unavailable         VARCHAR(10),
  price_cents         BIGINT NOT NULL,
  renewal_price_cents BIGINT NOT NULL,
  currency            VARCHAR(3) NOT NULL,
  usable_google       BOOLEAN NOT NULL,
  usable_microsoft    BOOLEAN NOT NULL,
  quoted_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (domain, environment)
);
ALTER TABLE domain_quotes ADD CONSTRAINT domain_quotes_environment_check
  CHECK (environment IN ('test', 'live'));
ALTER TABLE domain_quotes ADD CONSTRAINT domain_quotes_unavailable_check
  CHECK (unavailable IN ('taken', 'premium', 'invalid', 'errored', 'stale'));
