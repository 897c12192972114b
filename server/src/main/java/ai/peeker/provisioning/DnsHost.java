package ai.peeker.provisioning;

import ai.peeker.partners.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The DNS host (Cloudflare in production): zones and the records mail needs. */
public interface DnsHost {
  /** Creates the zone unless it exists; answers its nameservers. Idempotent by the zone name. */
  List<String> ensureZone(Scope scope, String zone);

  /** {@link #ensureZone} for each name; a host that can create many at once overrides it. */
  default Map<String, List<String>> ensureZones(Scope scope, List<String> zones) {
    Map<String, List<String>> nameservers = new LinkedHashMap<>();
    for (String zone : zones) {
      nameservers.put(zone, ensureZone(scope, zone));
    }
    return nameservers;
  }

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
