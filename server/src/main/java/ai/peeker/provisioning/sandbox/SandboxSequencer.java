package ai.peeker.provisioning.sandbox;

import ai.peeker.common.Ids;
import ai.peeker.partners.Scope;
import ai.peeker.provisioning.ProviderFailure;
import ai.peeker.provisioning.Sequencer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The sandbox sequencer (Smartlead): remembers which inboxes it received for which client (table
 * {@code sandbox_sequencer_accounts}). It checks that a login came with the upload, as the real one
 * does, and keeps only the login email: a password is never stored, not even sealed.
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
  public void upload(Scope scope, Account account, List<Inbox> inboxes) {
    List<String> addresses = inboxes.stream().map(Inbox::address).toList();
    if (account.loginEmail() == null
        || account.loginPassword() == null
        || account.loginPassword().isEmpty()) {
      throw ProviderFailure.permanent(
          "the sequencer refused the login for client " + account.clientId());
    }
    jdbi.useTransaction(
        h ->
            SandboxSequencerStore.upload(
                h,
                scope,
                account.clientId(),
                account.loginEmail(),
                addresses,
                () -> ids.next("sbs_"),
                this::now));
  }

  @Override
  public void remove(Scope scope, long clientId, List<String> addresses) {
    jdbi.useTransaction(
        h -> {
          for (String address : addresses) {
            SandboxSequencerStore.remove(h, scope, clientId, address, now());
          }
        });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
