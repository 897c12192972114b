-- A number per tenant and list that every transaction changing the list raises as it commits, so
-- a node can keep pages of that list and check with one primary-key read that they are current.
CREATE TABLE list_versions (
  partner_id  VARCHAR(40) NOT NULL REFERENCES partners (id),
  environment VARCHAR(4)  NOT NULL,
  list        VARCHAR(16) NOT NULL,
  version     BIGINT      NOT NULL,
  PRIMARY KEY (partner_id, environment, list)
);
