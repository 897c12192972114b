-- Numbers per tenant and list that every transaction changing the list raises as it commits, so a
-- node can keep pages of that list and check with one indexed read that they are current. A
-- tenant's version is the sum over its stripes; a transaction raises one stripe, chosen at random,
-- so the tenant's concurrent writes rarely wait on each other's commits for the same row.
CREATE TABLE list_versions (
  partner_id  VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment VARCHAR(4)  NOT NULL,
  list        VARCHAR(16) NOT NULL,
  stripe      SMALLINT    NOT NULL,
  version     BIGINT      NOT NULL,
  PRIMARY KEY (list, partner_id, environment, stripe)
);
