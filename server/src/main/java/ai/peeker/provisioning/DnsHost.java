package ai.peeker.provisioning;

import ai.peeker.partners.Scope;
import java.util.List;

/** The DNS host (Cloudflare in production): zones and the records mail needs. */
public interface DnsHost {
  /** Creates the zone unless it exists; answers its nameservers. Idempotent by the zone name. */
  List<String> ensureZone(Scope scope, String zone);

  /**
   * Makes the zone hold exactly {@code records} for every (type, name) they mention, replacing what
   * was there for those pairs and leaving other records alone. Idempotent.
   */
  void putRecords(Scope scope, String zone, List<DnsRecord> records);

  /** The zone's records, as the host serves them. */
  List<DnsRecord> records(Scope scope, String zone);

  /**
   * Whether the host can take {@code zones} new zones now (imports ask before creating them). A
   * host with an account limit (Cloudflare) overrides this: false makes a synchronous import answer
   * 429 {@code cloudflare_account_capacity} and a bulk import wait.
   */
  default boolean hasRoomFor(Scope scope, int zones) {
    return true;
  }
}
