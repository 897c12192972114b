package ai.peeker.provisioning.sandbox;

import static ai.peeker.provisioning.sandbox.SandboxDnsHost.ZoneStatus.ACTIVE;
import static ai.peeker.provisioning.sandbox.SandboxDnsHost.ZoneStatus.PENDING;

import ai.peeker.common.WireValue;
import ai.peeker.partners.Scope;
import ai.peeker.provisioning.DnsHost;
import ai.peeker.provisioning.DnsRecord;
import ai.peeker.provisioning.ProviderFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The sandbox DNS host: zones and records in tables {@code sandbox_dns_zones} and {@code
 * sandbox_dns_records}, readable back as a real host serves them. Magic value: a zone starting
 * {@code flaky-} fails twice with a transient error before it is created, to show retries.
 */
public final class SandboxDnsHost implements DnsHost {
  static final List<String> NAMESERVERS =
      List.of("ns1.sandbox.peeker.dev", "ns2.sandbox.peeker.dev");
  private static final int FLAKY_FAILURES = 2;

  private final Jdbi jdbi;
  private final Clock clock;

  /** A zone is pending until the (simulated) host has created it. */
  enum ZoneStatus implements WireValue {
    PENDING("pending"),
    ACTIVE("active");

    private final String wire;

    ZoneStatus(String wire) {
      this.wire = wire;
    }

    @Override
    public String wire() {
      return wire;
    }
  }

  public SandboxDnsHost(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public List<String> ensureZone(Scope scope, String zone) {
    // one statement in the usual case: a new, ordinary zone is created active at once
    if (!zone.startsWith("flaky-")
        && jdbi.withHandle(
                h -> SandboxDnsStore.insertZone(h, scope, zone, ACTIVE, NAMESERVERS, now()))
            == 1) {
      return NAMESERVERS;
    }
    boolean created =
        jdbi.inTransaction(
            h -> {
              if (SandboxDnsStore.countAttempt(h, scope, zone) == 0) {
                SandboxDnsStore.insertZone(h, scope, zone, PENDING, NAMESERVERS, now());
              }
              int attempts = SandboxDnsStore.attempts(h, scope, zone);
              if (zone.startsWith("flaky-") && attempts <= FLAKY_FAILURES) {
                return false; // the attempt is counted (committed); the call fails below
              }
              SandboxDnsStore.activate(h, scope, zone);
              return true;
            });
    if (!created) {
      throw ProviderFailure.transientFailure(
          "the DNS host timed out creating zone " + zone + " (sandbox flaky- magic value)");
    }
    return NAMESERVERS;
  }

  /** Ordinary zones in one transaction (an import creates hundreds); {@code flaky-} ones alone. */
  @Override
  public Map<String, List<String>> ensureZones(Scope scope, List<String> zones) {
    List<String> plain = zones.stream().filter(z -> !z.startsWith("flaky-")).sorted().toList();
    Map<String, List<String>> nameservers = new LinkedHashMap<>();
    if (!plain.isEmpty()) {
      jdbi.useTransaction(
          h -> {
            Instant at = now();
            for (String zone : plain) {
              SandboxDnsStore.insertZone(h, scope, zone, ACTIVE, NAMESERVERS, at);
            }
          });
      plain.forEach(zone -> nameservers.put(zone, NAMESERVERS));
    }
    for (String zone : zones) {
      if (zone.startsWith("flaky-")) {
        nameservers.put(zone, ensureZone(scope, zone));
      }
    }
    return nameservers;
  }

  @Override
  public void putRecords(Scope scope, String zone, List<DnsRecord> records) {
    Set<List<String>> replaced = new LinkedHashSet<>();
    for (DnsRecord r : records) {
      replaced.add(List.of(r.type(), r.name()));
    }
    jdbi.useTransaction(
        h -> {
          if (!SandboxDnsStore.zoneActive(h, scope, zone)) {
            throw ProviderFailure.permanent("the DNS host has no zone " + zone);
          }
          SandboxDnsStore.deleteRecords(h, scope, zone, replaced);
          SandboxDnsStore.insertRecords(h, scope, zone, new LinkedHashSet<>(records), now());
        });
  }

  @Override
  public List<DnsRecord> records(Scope scope, String zone) {
    return jdbi.withHandle(h -> SandboxDnsStore.records(h, scope, zone));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
