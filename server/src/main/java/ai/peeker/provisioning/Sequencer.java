package ai.peeker.provisioning;

import ai.peeker.partners.Scope;
import java.util.List;

/** The cold-email sequencer (Smartlead): the customer's client account receives the inboxes. */
public interface Sequencer {
  /** The customer's sequencer client and login; the password never appears in text. */
  record Account(long clientId, String loginEmail, String loginPassword) {
    @Override
    public String toString() {
      return "Account[clientId=" + clientId + ", login=<redacted>]";
    }
  }

  /** Uploads the inboxes to the client; an address already uploaded is left as it is. */
  void upload(Scope scope, Account account, List<String> addresses);

  /** Removes the inboxes from the client (cancellation). Idempotent. */
  void remove(Scope scope, long clientId, List<String> addresses);
}
