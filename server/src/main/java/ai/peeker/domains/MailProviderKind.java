package ai.peeker.domains;

import ai.peeker.common.WireValue;
import java.util.ArrayList;
import java.util.List;

/** The mail providers a domain can serve, and an order's licenses buy inboxes at. */
public enum MailProviderKind implements WireValue {
  GOOGLE,
  MICROSOFT;

  /** The providers a domain is usable for, as {@code usable_for} lists them. */
  public static List<MailProviderKind> usable(boolean google, boolean microsoft) {
    List<MailProviderKind> usable = new ArrayList<>(2);
    if (google) {
      usable.add(GOOGLE);
    }
    if (microsoft) {
      usable.add(MICROSOFT);
    }
    return List.copyOf(usable);
  }
}
