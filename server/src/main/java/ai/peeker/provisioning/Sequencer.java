package ai.peeker.provisioning;

import ai.peeker.domains.MailProviderKind;
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

  /** One mailbox to upload, with its login; the password never appears in text. */
  record Inbox(String address, String displayName, MailProviderKind provider, String password) {
    @Override
    public String toString() {
      return "Inbox[" + address + ", " + provider.wire() + ", password=<redacted>]";
    }
  }

  /** Uploads the inboxes to the client; an address already uploaded is left as it is. */
  void upload(Scope scope, Account account, List<Inbox> inboxes);

  /** Removes the inboxes from the client (cancellation). Idempotent. */
  void remove(Scope scope, long clientId, List<String> addresses);
}
