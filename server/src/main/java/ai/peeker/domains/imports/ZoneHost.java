package ai.peeker.domains.imports;

import ai.peeker.partners.Scope;
import java.util.List;
import java.util.Map;

/**
 * The DNS host side of an import, implemented by the provisioning package: a zone per imported
 * name, whose nameservers the customer must set at their registrar. Called outside transactions.
 */
public interface ZoneHost {
  /** Creates each zone unless it exists; answers their nameservers by name. Idempotent. */
  Map<String, List<String>> createZones(Scope scope, List<String> domains);

  /**
   * Whether the DNS host can take {@code zones} new zones now. A live host that is full answers
   * false: a synchronous import is then refused with 429, a bulk job waits and tries again.
   */
  boolean hasRoomFor(Scope scope, int zones);
}
