-- A live mailbox's generated password, sealed (AES-GCM under the server secret): the sequencer
-- upload needs it; no response, event or log shows it.
ALTER TABLE inboxes ADD COLUMN password_sealed VARCHAR(500);
