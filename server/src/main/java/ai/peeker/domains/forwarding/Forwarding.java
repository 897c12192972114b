package ai.peeker.domains.forwarding;

import ai.peeker.api.ApiError;
import ai.peeker.common.Ids;
import ai.peeker.domains.Domain;
import ai.peeker.domains.DomainLifecycle;
import ai.peeker.domains.DomainNames;
import ai.peeker.events.EventType;
import ai.peeker.events.Outbox;
import ai.peeker.partners.Scope;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Repoints the web forwarding of connected domains: {@code POST /domains/forwarding} records a job
 * with one row per domain, and its durable job points each domain through the forwarder. A domain
 * already forwarding to the URL completes without a provider call. When every row is settled the
 * job ends {@code completed}, {@code partial_success} or {@code failed}, with {@code
 * domain.forwarding_updated} (something completed) and {@code domain.forwarding_failed} (something
 * failed) carrying the job as {@code GET} shows it.
 */
public final class Forwarding {
  public static final int MAX_DOMAINS = 25;

  private final Jdbi jdbi;
  private final Jdbi background;
  private final Clock clock;
  private final Ids ids;
  private final Outbox outbox;
  private final Redirects redirects;

  public Forwarding(
      Jdbi jdbi, Jdbi background, Clock clock, Ids ids, Outbox outbox, Redirects redirects) {
    this.jdbi = jdbi;
    this.background = background;
    this.clock = clock;
    this.ids = ids;
    this.outbox = outbox;
    this.redirects = redirects;
  }

  /**
   * Accepts the job. Every entry must be a connected domain of this tenant, by id or name; one that
   * is not is refused (400 naming the entry) and nothing is written. A URL that is no public
   * http(s) URL is accepted and fails every row with {@code invalid_target}, as the docs' remedies
   * say.
   */
  public ForwardingJob start(Scope scope, List<String> entries, String url) {
    return jdbi.inTransaction(
        h -> {
          List<Domain> domains = resolve(h, scope, entries);
          Instant now = now();
          List<ForwardingJob.Row> rows = new ArrayList<>();
          for (int i = 0; i < domains.size(); i++) {
            Domain d = domains.get(i);
            rows.add(
                new ForwardingJob.Row(i, d.id(), d.domain(), ForwardingRowStatus.PENDING, null));
          }
          ForwardingJob job =
              new ForwardingJob(
                  ids.next("fwj_"), ForwardingStatus.IN_PROGRESS, url, rows, now, null);
          ForwardingStore.insert(h, scope, job);
          redirects.schedule(h, job.id(), now);
          return job;
        });
  }

  public ForwardingJob get(Scope scope, String id) {
    if (!Ids.looksLike("fwj_", id)) {
      throw ApiError.notFound("Forwarding job");
    }
    return jdbi.withHandle(h -> view(h, scope, id))
        .orElseThrow(() -> ApiError.notFound("Forwarding job"));
  }

  /** One run of a job: settles each pending row, then the job. Null: nothing left to do. */
  public Instant run(String jobId) {
    ForwardingStore.Head head =
        background.withHandle(h -> ForwardingStore.headForJob(h, jobId)).orElse(null);
    if (head == null || head.status() != ForwardingStatus.IN_PROGRESS) {
      return null;
    }
    Scope scope = head.scope();
    boolean validTarget = validTarget(head.url());
    List<ForwardingJob.Row> rows =
        background.withHandle(h -> ForwardingStore.rows(h, scope, jobId));
    Map<String, Domain> current = new HashMap<>();
    background.useHandle(
        h ->
            DomainLifecycle.byId(h, scope, rows.stream().map(ForwardingJob.Row::domainId).toList())
                .forEach(d -> current.put(d.id(), d)));
    for (ForwardingJob.Row row : rows) {
      if (row.status() != ForwardingRowStatus.PENDING) {
        continue;
      }
      Domain domain = current.get(row.domainId());
      ForwardingFailure failure;
      if (!validTarget) {
        failure = ForwardingFailure.INVALID_TARGET;
      } else if (domain != null && head.url().equals(domain.forwardingUrl())) {
        failure = null; // already there: no provider call
      } else {
        failure = redirects.point(scope, row.domain(), head.url());
      }
      background.useTransaction(
          h -> {
            boolean settled =
                ForwardingStore.settleRow(
                    h,
                    scope,
                    jobId,
                    row.seq(),
                    failure == null ? ForwardingRowStatus.COMPLETED : ForwardingRowStatus.FAILED,
                    failure);
            if (settled && failure == null) {
              DomainLifecycle.setForwardingUrl(h, scope, row.domainId(), head.url());
            }
          });
    }
    background.useTransaction(h -> finish(h, scope, jobId));
    return null;
  }

  private void finish(Handle h, Scope scope, String jobId) {
    if (ForwardingStore.lock(h, scope, jobId) != ForwardingStatus.IN_PROGRESS) {
      return;
    }
    ForwardingJob job = view(h, scope, jobId).orElseThrow();
    long completed =
        job.rows().stream().filter(r -> r.status() == ForwardingRowStatus.COMPLETED).count();
    long failed = job.rows().stream().filter(r -> r.status() == ForwardingRowStatus.FAILED).count();
    if (completed + failed < job.rows().size()) {
      return;
    }
    ForwardingStatus end =
        failed == 0
            ? ForwardingStatus.COMPLETED
            : completed == 0 ? ForwardingStatus.FAILED : ForwardingStatus.PARTIAL_SUCCESS;
    Instant at = now();
    ForwardingStore.finish(h, scope, jobId, end, at);
    ForwardingJob done =
        new ForwardingJob(job.id(), end, job.forwardingUrl(), job.rows(), job.createdAt(), at);
    if (completed > 0) {
      outbox.append(h, scope, EventType.DOMAIN_FORWARDING_UPDATED, jobId, done);
    }
    if (failed > 0) {
      outbox.append(h, scope, EventType.DOMAIN_FORWARDING_FAILED, jobId, done);
    }
  }

  /** Each entry as this tenant's connected domain, in request order, duplicates collapsed. */
  private static List<Domain> resolve(Handle h, Scope scope, List<String> entries) {
    List<String> idEntries = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String entry : entries) {
      if (entry.startsWith("dom_")) {
        idEntries.add(entry);
      } else {
        String n = DomainNames.normalize(entry);
        if (n != null) {
          names.add(n);
        }
      }
    }
    Map<String, Domain> byId = new HashMap<>();
    DomainLifecycle.byId(h, scope, idEntries).forEach(d -> byId.put(d.id(), d));
    Map<String, Domain> byName = new HashMap<>();
    DomainLifecycle.byName(h, scope, names).forEach(d -> byName.put(d.domain(), d));
    Set<Domain> resolved = new LinkedHashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      Domain d =
          entry.startsWith("dom_") ? byId.get(entry) : byName.get(DomainNames.normalize(entry));
      String field = "domains[" + i + "]";
      if (d == null) {
        throw ApiError.invalid(
            field, "'" + entry + "' is not a domain of this account", details(entry, "not_found"));
      }
      if (!d.connected()) {
        throw ApiError.invalid(
            field,
            "'" + entry + "' is not on an order: only connected domains forward",
            details(entry, "not_connected"));
      }
      resolved.add(d);
    }
    return List.copyOf(resolved);
  }

  private static Map<String, Object> details(String entry, String reason) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("domain", entry);
    details.put("reason", reason);
    return details;
  }

  /** An absolute http(s) URL with a host. */
  static boolean validTarget(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && !uri.getHost().isBlank();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static java.util.Optional<ForwardingJob> view(Handle h, Scope scope, String id) {
    return ForwardingStore.head(h, scope, id)
        .map(
            head ->
                new ForwardingJob(
                    id,
                    head.status(),
                    head.url(),
                    ForwardingStore.rows(h, scope, id),
                    head.createdAt(),
                    head.completedAt()));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
