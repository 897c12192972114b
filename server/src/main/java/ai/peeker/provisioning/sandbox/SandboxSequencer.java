package ai.peeker.provisioning.sandbox;

import ai.peeker.common.Ids;
import ai.peeker.partners.Scope;
import ai.peeker.provisioning.ProviderFailure;
import ai.peeker.provisioning.Sequencer;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The sandbox sequencer (Smartlead): remembers which inboxes it received for which client (table
 * {@code sandbox_sequencer_accounts}). It checks that a login came with the upload, as the real
 * one does, and keeps only the login email: a password is never stored, not even sealed.
 */
public final class SandboxSequencer implements Sequencer {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Ids ids;

  public SandboxSequencer(Jdbi jdbi, Clock clock, Ids ids) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ids = ids;
  }

  @Override
  public void upload(Scope scope, Account account, List<String> addresses) {
    if (account.loginEmail() == null
        || account.loginPassword() == null
        || account.loginPassword().isEmpty()) {
      throw ProviderFailure.permanent(
          "the sequencer refused the login for client " + account.clientId());
    }
    jdbi.useTransaction(
        h -> {
          PreparedBatch upload =
              h.prepareBatch(
                  "INSERT INTO sandbox_sequencer_accounts (id, partner_id, client_id, address,"
                      + " login_email, uploaded_at) SELECT :id, :partner, :client, :address,"
                      + " :login, :at WHERE NOT EXISTS (SELECT 1 FROM sandbox_sequencer_accounts"
                      + " WHERE partner_id = :partner AND address = :address"
                      + " AND client_id = :client AND removed_at IS NULL)");
          for (String address : addresses) {
            upload
                .bind("id", ids.next("sbs_"))
                .bind("partner", scope.partnerId())
                .bind("client", account.clientId())
                .bind("address", address)
                .bind("login", account.loginEmail())
                .bind("at", clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .add();
          }
          if (upload.size() > 0) {
            upload.execute();
          }
        });
  }

  @Override
  public void remove(Scope scope, long clientId, List<String> addresses) {
    jdbi.useTransaction(
        h -> {
          for (String address : addresses) {
            h.createUpdate(
                    "UPDATE sandbox_sequencer_accounts SET removed_at = :at"
                        + " WHERE partner_id = :partner AND client_id = :client"
                        + " AND address = :address AND removed_at IS NULL")
                .bind("at", clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .bind("partner", scope.partnerId())
                .bind("client", clientId)
                .bind("address", address)
                .execute();
          }
        });
  }
}
