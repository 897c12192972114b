package ai.peeker.provisioning.sandbox;

import ai.peeker.partners.Scope;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** All SQL of the sandbox sequencer: table {@code sandbox_sequencer_accounts}. */
final class SandboxSequencerStore {
  private SandboxSequencerStore() {}

  /**
   * Records each address for the client unless it holds it already (a unique key on the live
   * address, so two concurrent uploads of one address record it once); {@code ids} names rows.
   */
  static void upload(
      Handle h,
      Scope scope,
      long clientId,
      String loginEmail,
      List<String> addresses,
      Supplier<String> ids,
      Supplier<Instant> now) {
    PreparedBatch upload =
        h.prepareBatch(
            "INSERT INTO sandbox_sequencer_accounts (id, partner_id, client_id, address,"
                + " live_address, login_email, uploaded_at) VALUES (:id, :partner, :client,"
                + " :address, :address, :login, :at) ON CONFLICT DO NOTHING");
    for (String address : addresses) {
      upload
          .bind("id", ids.get())
          .bind("partner", scope.partnerId())
          .bind("client", clientId)
          .bind("address", address)
          .bind("login", loginEmail)
          .bind("at", now.get())
          .add();
    }
    if (upload.size() > 0) {
      upload.execute();
    }
  }

  static void remove(Handle h, Scope scope, long clientId, String address, Instant at) {
    h.createUpdate(
            "UPDATE sandbox_sequencer_accounts SET removed_at = :at, live_address = NULL"
                + " WHERE partner_id = :partner AND client_id = :client"
                + " AND address = :address AND removed_at IS NULL")
        .bind("at", at)
        .bind("partner", scope.partnerId())
        .bind("client", clientId)
        .bind("address", address)
        .execute();
  }
}
