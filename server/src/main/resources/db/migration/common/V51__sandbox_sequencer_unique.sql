-- The sandbox sequencer holds an address for a client at most once at a time, by a unique key
-- rather than by a NOT EXISTS check that two concurrent uploads can both pass: live_address is
-- the address while the account is uploaded and NULL once removed (NULLs never collide).
ALTER TABLE sandbox_sequencer_accounts ADD COLUMN live_address VARCHAR(320);
UPDATE sandbox_sequencer_accounts SET live_address = address
  WHERE removed_at IS NULL
    AND id = (SELECT MIN(o.id) FROM sandbox_sequencer_accounts o
              WHERE o.partner_id = sandbox_sequencer_accounts.partner_id
                AND o.client_id = sandbox_sequencer_accounts.client_id
                AND o.address = sandbox_sequencer_accounts.address
                AND o.removed_at IS NULL);
CREATE UNIQUE INDEX sandbox_sequencer_accounts_live
  ON sandbox_sequencer_accounts (partner_id, client_id, live_address);
