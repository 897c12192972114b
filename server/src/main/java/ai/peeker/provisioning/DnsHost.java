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
}
