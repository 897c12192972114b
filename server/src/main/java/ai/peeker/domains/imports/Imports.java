package ai.peeker.domains.imports;

import ai.peeker.api.ApiError;
import ai.peeker.api.ErrorCode;
import ai.peeker.common.Ids;
import ai.peeker.common.Json;
import ai.peeker.domains.Domain;
import ai.peeker.domains.DomainLifecycle;
import ai.peeker.domains.DomainStatus;
import ai.peeker.domains.LiveProvider;
import ai.peeker.domains.LiveProviders;
import ai.peeker.events.EventType;
import ai.peeker.events.Outbox;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Imports of customer-owned domains. A synchronous import (up to 25 names) screens the names,
 * creates their zones at the DNS host and answers the job with the nameservers to set; a bulk
 * import (up to 500) is queued and its job does the same in batches, waiting for DNS-host capacity.
 * Either way one durable job per import then re-checks the pending domains' nameservers until each
 * is usable or the checks give up. Every state change and its events commit together.
 */
public final class Imports {
  public static final int MAX_SYNC = 25;
  public static final int MAX_BULK = 500;
  public static final int MAX_LOOKUP = 50;

  /** Names a bulk job takes from its queue per transaction. */
  static final int BATCH = 100;

  /** How long a bulk job waits when the live DNS host has no room for new zones. */
  static final Duration CAPACITY_WAIT = Duration.ofMinutes(1);

  /** Provider calls in flight at once for one import. */
  private static final int PARALLEL_CALLS = 16;

  private final Jdbi jdbi;
  private final Jdbi background;
  private final Clock clock;
  private final Ids ids;
  private final Outbox outbox;
  private final ZoneHost zones;
  private final NameserverCheck nameservers;
  private final ImportScheduler scheduler;
  private final ImportTiming timing;
  private final LiveProviders live;

  public Imports(
      Jdbi jdbi,
      Jdbi background,
      Clock clock,
      Ids ids,
      Outbox outbox,
      ZoneHost zones,
      NameserverCheck nameservers,
      ImportScheduler scheduler,
      ImportTiming timing,
      LiveProviders live) {
    this.jdbi = jdbi;
    this.background = background;
    this.clock = clock;
    this.ids = ids;
    this.outbox = outbox;
    this.zones = zones;
    this.nameservers = nameservers;
    this.scheduler = scheduler;
    this.timing = timing;
    this.live = live;
  }

  /** A bulk import as submitted now (202) or as the same set submitted earlier (200). */
  public record Submitted(ImportJob job, int statusCode) {}

  /** {@code POST /domains/import}: screens, creates zones, answers the job with its rows. */
  public ImportJob importNow(Scope scope, List<String> raw) {
    live.require(scope.environment(), List.of(LiveProvider.CLOUDFLARE));
    Map<String, Domain> known =
        jdbi.withHandle(
            h ->
                DomainLifecycle.byName(h, scope, validNames(raw)).stream()
                    .collect(java.util.stream.Collectors.toMap(Domain::domain, d -> d)));
    Set<String> queued = jdbi.withHandle(h -> ImportStore.queuedNames(h, scope, validNames(raw)));
    List<String> accepted =
        screen(raw, known, queued).stream()
            .filter(d -> d.reason() == null)
            .map(Draft::domain)
            .toList();
    if (!accepted.isEmpty() && !zones.hasRoomFor(scope, accepted.size())) {
      throw new ApiError(
          429,
          ErrorCode.RATE_LIMITED,
          "The DNS host has no room for new zones right now; retry later or use"
              + " POST /domains/import/jobs, which waits for room",
          null,
          Map.of("reason", "cloudflare_account_capacity", "retry_after_seconds", 60));
    }
    Map<String, List<String>> ns = createZones(scope, accepted);
    return jdbi.inTransaction(
        h -> {
          Instant now = now();
          String id = ids.next("imp_");
          ImportStore.insertJob(
              h, scope, id, ImportKind.SYNC, ImportStatus.IN_PROGRESS, null, raw.size(), now);
          List<ImportRow> rows = accept(h, scope, raw, ns, now);
          ImportStore.insertRows(h, scope, id, rows);
          scheduler.schedule(h, id, now.plus(firstCheck(scope)));
          return new ImportJob(id, ImportStatus.IN_PROGRESS, rows, now, null);
        });
  }

  /**
   * {@code POST /domains/import/jobs}: the same set of names (normalised, deduplicated, sorted)
   * from the same tenant answers its existing job. Concurrent identical requests meet on the unique
   * hash: the losers' transactions run again and find the winner's job.
   */
  public Submitted importLater(Scope scope, List<String> raw) {
    live.require(scope.environment(), List.of(LiveProvider.CLOUDFLARE));
    String hash = ImportNames.setHash(raw);
    Optional<ImportJob> earlier = jdbi.withHandle(h -> byHash(h, scope, hash));
    if (earlier.isPresent()) {
      return new Submitted(earlier.get(), 200);
    }
    boolean[] rerun = {false};
    return jdbi.inTransaction(
        h -> {
          if (rerun[0]) {
            Optional<ImportJob> winner = byHash(h, scope, hash);
            if (winner.isPresent()) {
              return new Submitted(winner.get(), 200);
            }
          }
          rerun[0] = true;
          Instant now = now();
          String id = ids.next("imp_");
          // first write: an identical concurrent request collides here
          ImportStore.insertJob(
              h, scope, id, ImportKind.BULK, ImportStatus.IN_PROGRESS, hash, raw.size(), now);
          List<ImportRow> rows = new ArrayList<>(raw.size());
          for (Draft d : screen(raw, Map.of(), Set.of())) {
            rows.add(
                new ImportRow(
                    d.seq(),
                    d.domain(),
                    d.reason() == null ? ImportRowStatus.QUEUED : ImportRowStatus.FAILED,
                    d.reason(),
                    null,
                    null));
          }
          ImportStore.insertRows(h, scope, id, rows);
          scheduler.schedule(h, id, now);
          return new Submitted(new ImportJob(id, ImportStatus.IN_PROGRESS, rows, now, null), 202);
        });
  }

  public ImportJob get(Scope scope, String id) {
    if (!Ids.looksLike("imp_", id)) {
      throw ApiError.notFound("Import");
    }
    return jdbi.withHandle(h -> view(h, scope, id)).orElseThrow(() -> ApiError.notFound("Import"));
  }

  /** The imports holding any of {@code names}, newest first. */
  public List<ImportJob> lookup(Scope scope, List<String> names) {
    Set<String> keys = new HashSet<>();
    for (String name : names) {
      String n = ImportNames.normalize(name);
      keys.add(n != null ? n : ImportNames.asSent(name));
    }
    return jdbi.withHandle(
        h ->
            ImportStore.holding(h, scope, keys).stream()
                .map(id -> view(h, scope, id).orElseThrow())
                .toList());
  }

  /**
   * One run of an import's job: takes queued names (bulk), then checks the pending ones and settles
   * what it can. Answers when to run again, or null when the import is over.
   */
  public Instant run(String importId) {
    ImportStore.Head head =
        background.withHandle(h -> ImportStore.headForJob(h, importId)).orElse(null);
    if (head == null || head.status().terminal()) {
      return null;
    }
    Scope scope = head.scope();
    Instant waitForRoom = takeQueued(scope, importId);
    if (waitForRoom != null) {
      return waitForRoom;
    }
    List<ImportRow> pending =
        background.withHandle(
            h ->
                ImportStore.rowsIn(
                    h, scope, importId, ImportRowStatus.PENDING_NAMESERVERS, MAX_BULK));
    Map<Integer, NameserverCheck.Result> results = new HashMap<>();
    Map<String, List<String>> expected = new HashMap<>();
    pending.forEach(r -> expected.put(r.domain(), r.nameservers()));
    Map<String, NameserverCheck.Result> byName =
        parallel(
            List.copyOf(expected.keySet()),
            name -> nameservers.check(scope, name, expected.get(name)));
    pending.forEach(r -> results.put(r.seq(), byName.get(r.domain())));
    Instant now = now();
    Duration age = Duration.between(head.createdAt(), now);
    boolean givingUp = age.compareTo(giveUp(scope)) >= 0;
    ImportStatus after =
        background.inTransaction(h -> settle(h, scope, importId, pending, results, givingUp, age));
    if (after.terminal()) {
      return null;
    }
    Instant next = now.plus(delay(scope, age));
    Instant last = head.createdAt().plus(giveUp(scope));
    return next.isAfter(last) && now.isBefore(last) ? last : next;
  }

  private Map<String, List<String>> createZones(Scope scope, List<String> names) {
    return names.isEmpty() ? Map.of() : zones.createZones(scope, names);
  }

  /** Moves queued names of a bulk import to pending, a batch per transaction. */
  private Instant takeQueued(Scope scope, String importId) {
    while (true) {
      List<ImportRow> queued =
          background.withHandle(
              h -> ImportStore.rowsIn(h, scope, importId, ImportRowStatus.QUEUED, BATCH));
      if (queued.isEmpty()) {
        return null;
      }
      List<String> names = queued.stream().map(ImportRow::domain).toList();
      Map<String, Domain> known =
          background.withHandle(
              h ->
                  DomainLifecycle.byName(h, scope, names).stream()
                      .collect(java.util.stream.Collectors.toMap(Domain::domain, d -> d)));
      List<String> fresh = names.stream().filter(n -> refusal(known.get(n)) == null).toList();
      if (!fresh.isEmpty() && !zones.hasRoomFor(scope, fresh.size())) {
        return now().plus(CAPACITY_WAIT);
      }
      Map<String, List<String>> ns = createZones(scope, fresh);
      background.useTransaction(
          h -> {
            Instant now = now();
            Map<String, Domain> rows =
                DomainLifecycle.byName(h, scope, names).stream()
                    .collect(java.util.stream.Collectors.toMap(Domain::domain, d -> d));
            List<DomainLifecycle.Imported> inserts = new ArrayList<>();
            List<ImportRow> taken = new ArrayList<>();
            for (ImportRow row : queued) {
              taken.add(take(h, scope, row, rows.get(row.domain()), ns, inserts, now));
            }
            DomainLifecycle.insertImported(h, scope, inserts); // before the rows naming them
            ImportStore.updateRows(h, scope, importId, taken, ImportRowStatus.QUEUED);
          });
    }
  }

  private ImportRow take(
      Handle h,
      Scope scope,
      ImportRow row,
      Domain existing,
      Map<String, List<String>> ns,
      List<DomainLifecycle.Imported> inserts,
      Instant now) {
    ImportRowReason reason = refusal(existing);
    List<String> servers = ns.get(row.domain());
    if (reason == null && servers == null) {
      reason = ImportRowReason.ALREADY_IMPORTED; // appeared between the screening and now
    }
    if (reason != null) {
      return new ImportRow(row.seq(), row.domain(), ImportRowStatus.FAILED, reason, null, null);
    }
    String domainId;
    if (existing != null) {
      domainId = existing.id();
      if (!DomainLifecycle.reimport(h, scope, domainId)) {
        return new ImportRow(
            row.seq(),
            row.domain(),
            ImportRowStatus.FAILED,
            ImportRowReason.ALREADY_IMPORTED,
            null,
            null);
      }
    } else {
      domainId = ids.next("dom_");
      inserts.add(new DomainLifecycle.Imported(domainId, row.domain(), now));
    }
    return new ImportRow(
        row.seq(), row.domain(), ImportRowStatus.PENDING_NAMESERVERS, null, domainId, servers);
  }

  /** Rows of a synchronous import, its accepted names written as domains. */
  private List<ImportRow> accept(
      Handle h, Scope scope, List<String> raw, Map<String, List<String>> ns, Instant now) {
    List<String> valid = validNames(raw);
    Map<String, Domain> known =
        DomainLifecycle.byName(h, scope, valid).stream()
            .collect(java.util.stream.Collectors.toMap(Domain::domain, d -> d));
    Set<String> queued = ImportStore.queuedNames(h, scope, valid);
    List<ImportRow> rows = new ArrayList<>(raw.size());
    List<DomainLifecycle.Imported> inserts = new ArrayList<>();
    for (Draft d : screen(raw, known, queued)) {
      ImportRow row =
          new ImportRow(d.seq(), d.domain(), ImportRowStatus.QUEUED, d.reason(), null, null);
      rows.add(
          d.reason() != null
              ? row.with(ImportRowStatus.FAILED, d.reason())
              : take(h, scope, row, known.get(d.domain()), ns, inserts, now));
    }
    DomainLifecycle.insertImported(h, scope, inserts);
    return rows;
  }

  /** A name as screened: its shown form and, when refused, why. */
  record Draft(int seq, String domain, ImportRowReason reason) {}

  /** Syntax, root, duplicates, then what this tenant already holds. */
  static List<Draft> screen(List<String> raw, Map<String, Domain> known, Set<String> queued) {
    List<Draft> drafts = new ArrayList<>(raw.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      String n = ImportNames.normalize(raw.get(i));
      if (n == null) {
        drafts.add(new Draft(i, ImportNames.asSent(raw.get(i)), ImportRowReason.INVALID_DOMAIN));
      } else if (!ImportNames.isRoot(n)) {
        drafts.add(new Draft(i, n, ImportRowReason.SUBDOMAIN));
      } else if (!seen.add(n)) {
        drafts.add(new Draft(i, n, ImportRowReason.DUPLICATE));
      } else if (queued.contains(n)) {
        drafts.add(new Draft(i, n, ImportRowReason.ALREADY_IMPORTED));
      } else {
        drafts.add(new Draft(i, n, refusal(known.get(n))));
      }
    }
    return drafts;
  }

  /** Why a name this tenant already holds cannot be imported; null when it can (again). */
  private static ImportRowReason refusal(Domain existing) {
    if (existing == null) {
      return null;
    }
    if (existing.connected()) {
      return ImportRowReason.ON_ACTIVE_ORDER;
    }
    return existing.status() == DomainStatus.FAILED ? null : ImportRowReason.ALREADY_IMPORTED;
  }

  private static List<String> validNames(List<String> raw) {
    List<String> names = new ArrayList<>();
    for (String r : raw) {
      String n = ImportNames.normalize(r);
      if (n != null) {
        names.add(n);
      }
    }
    return names;
  }

  /**
   * Writes the check results, then the job's status: over when nothing waits any more ({@code
   * completed} when something became usable), {@code action_required} once pending names outlive
   * the grace period. Rows and domains change only from the state this run read (a rerun after a
   * crash changes nothing twice).
   */
  private ImportStatus settle(
      Handle h,
      Scope scope,
      String importId,
      List<ImportRow> pending,
      Map<Integer, NameserverCheck.Result> results,
      boolean givingUp,
      Duration age) {
    ImportStatus status = ImportStore.lock(h, scope, importId);
    if (status.terminal()) {
      return status;
    }
    // one statement per outcome: a 500-name import settles in a handful
    Map<ImportRowReason, List<ImportRow>> failed = new LinkedHashMap<>();
    List<ImportRow> pointed = new ArrayList<>();
    for (ImportRow row : pending) {
      switch (results.get(row.seq())) {
        case POINTED -> pointed.add(row);
        case REJECTED ->
            failed.computeIfAbsent(ImportRowReason.ZONE_REJECTED, r -> new ArrayList<>()).add(row);
        case NOT_YET -> {
          if (givingUp) {
            failed
                .computeIfAbsent(ImportRowReason.NAMESERVERS_NOT_SET, r -> new ArrayList<>())
                .add(row);
          }
        }
      }
    }
    DomainLifecycle.settleImports(h, scope, domainIds(pointed), DomainStatus.AVAILABLE);
    ImportStore.moveRows(
        h,
        scope,
        importId,
        seqs(pointed),
        ImportRowStatus.PENDING_NAMESERVERS,
        ImportRowStatus.AVAILABLE,
        null);
    failed.forEach(
        (reason, rows) -> {
          DomainLifecycle.settleImports(h, scope, domainIds(rows), DomainStatus.FAILED);
          ImportStore.moveRows(
              h,
              scope,
              importId,
              seqs(rows),
              ImportRowStatus.PENDING_NAMESERVERS,
              ImportRowStatus.FAILED,
              reason);
        });
    List<ImportRow> rows = ImportStore.rows(h, scope, importId);
    boolean waiting =
        rows.stream()
            .anyMatch(
                r ->
                    r.status() == ImportRowStatus.QUEUED
                        || r.status() == ImportRowStatus.PENDING_NAMESERVERS);
    ImportStore.Head head = ImportStore.head(h, scope, importId).orElseThrow();
    if (!waiting) {
      boolean usable = rows.stream().anyMatch(r -> r.status() == ImportRowStatus.AVAILABLE);
      ImportStatus end = usable ? ImportStatus.COMPLETED : ImportStatus.FAILED;
      Instant at = now();
      ImportStore.setStatus(h, scope, importId, end, at);
      outbox.append(
          h,
          scope,
          end == ImportStatus.COMPLETED
              ? EventType.DOMAIN_IMPORT_COMPLETED
              : EventType.DOMAIN_IMPORT_FAILED,
          importId,
          new ImportJob(importId, end, rows, head.createdAt(), at));
      return end;
    }
    if (status != ImportStatus.ACTION_REQUIRED && age.compareTo(grace(scope)) >= 0) {
      List<ImportRow> unpointed =
          rows.stream().filter(r -> r.status() == ImportRowStatus.PENDING_NAMESERVERS).toList();
      if (!unpointed.isEmpty()) {
        ImportStore.setStatus(h, scope, importId, ImportStatus.ACTION_REQUIRED, null);
        outbox.append(
            h,
            scope,
            EventType.DOMAIN_IMPORT_ACTION_REQUIRED,
            importId,
            new ImportJob(importId, ImportStatus.ACTION_REQUIRED, rows, head.createdAt(), null));
        Map<String, Domain> domains = new HashMap<>();
        DomainLifecycle.byId(h, scope, unpointed.stream().map(ImportRow::domainId).toList())
            .forEach(d -> domains.put(d.id(), d));
        for (ImportRow r : unpointed) {
          Map<String, Object> data = new LinkedHashMap<>();
          data.putAll(Json.MAPPER.convertValue(domains.get(r.domainId()), Map.class));
          data.put("reason", ImportRowReason.NAMESERVERS_NOT_SET);
          data.put("import_id", importId);
          data.put("nameservers", r.nameservers());
          outbox.append(h, scope, EventType.DOMAIN_ACTION_REQUIRED, r.domainId(), data);
        }
        return ImportStatus.ACTION_REQUIRED;
      }
    }
    return status;
  }

  private static List<String> domainIds(List<ImportRow> rows) {
    return rows.stream().map(ImportRow::domainId).toList();
  }

  private static List<Integer> seqs(List<ImportRow> rows) {
    return rows.stream().map(ImportRow::seq).toList();
  }

  private Optional<ImportJob> byHash(Handle h, Scope scope, String hash) {
    return ImportStore.byHash(h, scope, hash).flatMap(id -> view(h, scope, id));
  }

  private static Optional<ImportJob> view(Handle h, Scope scope, String id) {
    return ImportStore.head(h, scope, id)
        .map(
            head ->
                new ImportJob(
                    id,
                    head.status(),
                    ImportStore.rows(h, scope, id),
                    head.createdAt(),
                    head.completedAt()));
  }

  private Duration firstCheck(Scope scope) {
    return sandbox(scope) ? timing.sandboxEvery() : ImportTiming.LIVE_FIRST;
  }

  private Duration delay(Scope scope, Duration age) {
    if (sandbox(scope)) {
      return timing.sandboxEvery();
    }
    if (age.compareTo(ImportTiming.LIVE_FIRST) < 0) {
      return ImportTiming.LIVE_FIRST;
    }
    return age.compareTo(ImportTiming.LIVE_LONGEST) > 0 ? ImportTiming.LIVE_LONGEST : age;
  }

  private Duration grace(Scope scope) {
    return sandbox(scope) ? Duration.ZERO : ImportTiming.LIVE_GRACE;
  }

  private Duration giveUp(Scope scope) {
    return sandbox(scope) ? timing.sandboxGiveUp() : ImportTiming.LIVE_GIVE_UP;
  }

  private static boolean sandbox(Scope scope) {
    return scope.environment() == Environment.TEST;
  }

  /**
   * {@code call} for each name, a few at a time on virtual threads; the first failure is thrown.
   */
  private static <T> Map<String, T> parallel(List<String> names, Function<String, T> call) {
    Map<String, T> results = new HashMap<>();
    if (names.size() == 1) {
      results.put(names.get(0), call.apply(names.get(0)));
      return results;
    }
    Semaphore slots = new Semaphore(PARALLEL_CALLS);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Map<String, Future<T>> futures = new LinkedHashMap<>();
      for (String name : names) {
        futures.put(
            name,
            pool.submit(
                () -> {
                  slots.acquire();
                  try {
                    return call.apply(name);
                  } finally {
                    slots.release();
                  }
                }));
      }
      for (var e : futures.entrySet()) {
        results.put(e.getKey(), e.getValue().get());
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return results;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
