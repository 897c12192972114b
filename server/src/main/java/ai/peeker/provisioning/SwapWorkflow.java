package ai.peeker.provisioning;

import ai.peeker.common.Json;
import ai.peeker.domains.DomainLifecycle;
import ai.peeker.domains.DomainStatus;
import ai.peeker.orders.Order;
import ai.peeker.orders.OrderProgress;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import ai.peeker.swaps.Swap;
import ai.peeker.swaps.SwapProgress;
import ai.peeker.swaps.SwapType;
import ai.peeker.swaps.SwapWork;
import com.fasterxml.jackson.core.type.TypeReference;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swap side of provisioning. A replacement domain is provisioned by the ordinary domain job
 * (its workflow row names the swap), with the old domain's provider, inbox count and persona names;
 * once it is connected the old domain is retired by a durable job, at once (standard) or after its
 * warm window (premium: 14 days live, a configurable short window in the sandbox). User-name swaps
 * rename a domain's inboxes in place at the mail provider, one job for the batch.
 */
final class SwapWorkflow implements SwapWork {
  static final TaskDescriptor<RetireJob> RETIRE =
      TaskDescriptor.of("retire-domain", RetireJob.class);
  static final TaskDescriptor<RenameJob> RENAME =
      TaskDescriptor.of("rename-inboxes", RenameJob.class);
  static final Duration LIVE_WARM = Duration.ofDays(14);
  private static final Duration BUSY_RETRY = Duration.ofSeconds(1);
  private static final TypeReference<List<Order.Persona>> PERSONAS = new TypeReference<>() {};
  private static final Logger log = LoggerFactory.getLogger(SwapWorkflow.class);

  /** Retires the domain a swap replaced: {@code retire/swp_…}. */
  record RetireJob(String swapId) {}

  /** Waits for an imported replacement's nameservers: {@code await/swp_…}. */
  record AwaitJob(String swapId) {}

  static final TaskDescriptor<AwaitJob> AWAIT =
      TaskDescriptor.of("await-replacement", AwaitJob.class);
  static final Duration SANDBOX_AWAIT_EVERY = Duration.ofMillis(250);
  static final Duration LIVE_AWAIT_EVERY = Duration.ofMinutes(1);

  /** Renames the inboxes of one user-name batch, in slot order: {@code rename/swp_…}. */
  record RenameJob(String domainId, List<String> swapIds) {}

  private final DomainWorkflow workflow;
  private final Jdbi jdbi;
  private final Jobs jobs;
  private final Providers.ByEnvironment providers;
  private final Duration sandboxWarm;
  private final CustomTask<RetireJob> retireTask;
  private final CustomTask<RenameJob> renameTask;
  private final CustomTask<AwaitJob> awaitTask;

  SwapWorkflow(
      DomainWorkflow workflow, Jobs jobs, Providers.ByEnvironment providers, Duration sandboxWarm) {
    this.workflow = workflow;
    this.jdbi = workflow.jdbi();
    this.jobs = jobs;
    this.providers = providers;
    this.sandboxWarm = sandboxWarm;
    // Undoing and renaming are idempotent: a provider's bad minute is retried. Retiring is never
    // given up (the domain must go); a rename that keeps failing fails its swaps.
    this.retireTask =
        jobs.define(
            RETIRE,
            new com.github.kagkarlsson.scheduler.task.FailureHandler
                .ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1)),
            instanceId -> new RetireJob(instanceId.substring("retire/".length())),
            (job, failures) -> retire(job.swapId()));
    this.renameTask =
        jobs.define(
            RENAME,
            Jobs.Backoff.orGiveUp(job -> DomainWorkflow.SANDBOX_RETRIES, this::giveUpRenames),
            instanceId -> null,
            (job, failures) -> rename(job));
    this.awaitTask =
        jobs.define(
            AWAIT,
            new com.github.kagkarlsson.scheduler.task.FailureHandler
                .ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1)),
            instanceId -> new AwaitJob(instanceId.substring("await/".length())),
            (job, failures) -> awaitReplacement(job.swapId()));
  }

  @Override
  public void awaitReplacement(Handle h, Scope scope, String swapId) {
    jobs.schedule(
        h,
        awaitTask.instance("await/" + swapId, new AwaitJob(swapId)),
        workflow.now().plus(awaitEvery(scope)));
  }

  private static Duration awaitEvery(Scope scope) {
    return scope.environment() == Environment.LIVE ? LIVE_AWAIT_EVERY : SANDBOX_AWAIT_EVERY;
  }

  /**
   * Looks at the imported replacement: still waiting, look again later; available, claim it for the
   * order and start provisioning it; anything else (the import failed), the swap fails.
   */
  private Instant awaitReplacement(String swapId) {
    Scope scope = jdbi.withHandle(h -> workflow.swaps().scopeOf(h, swapId)).orElse(null);
    if (scope == null) {
      return null;
    }
    return jdbi.inTransaction(
        h -> {
          SwapProgress swaps = workflow.swaps();
          Swap swap = swaps.find(h, scope, swapId);
          if (swap.status().terminal()) {
            return null;
          }
          ai.peeker.orders.OrderStatus status = workflow.orders().lock(h, scope, swap.orderId());
          if (!WorkflowStore.SWAPPING_ORDER.contains(status)) {
            swaps.fail(h, scope, swapId, "the order was cancelled");
            return null;
          }
          List<ai.peeker.domains.Domain> rows =
              DomainLifecycle.byId(h, scope, List.of(swap.replacementDomainId(), swap.domainId()));
          ai.peeker.domains.Domain replacement =
              rows.stream()
                  .filter(d -> d.id().equals(swap.replacementDomainId()))
                  .findFirst()
                  .orElse(null);
          ai.peeker.domains.Domain old =
              rows.stream().filter(d -> d.id().equals(swap.domainId())).findFirst().orElse(null);
          if (replacement != null && replacement.status() == DomainStatus.PENDING_NAMESERVERS) {
            return workflow.now().plus(awaitEvery(scope));
          }
          WorkflowStore.Slot slot = WorkflowStore.slot(h, scope, swap.domainId()).orElse(null);
          boolean claimed =
              replacement != null
                  && old != null
                  && slot != null
                  && old.status() == DomainStatus.ACTIVE
                  && DomainLifecycle.claimFromInventory(
                      h,
                      scope,
                      replacement.id(),
                      new DomainLifecycle.Connection(
                          swap.orderId(), swap.userId(), slot.provider(), old.forwardingUrl()));
          if (!claimed) {
            swaps.fail(
                h,
                scope,
                swapId,
                "the replacement domain could not be connected: its import did not complete");
            return null;
          }
          startReplacement(
              h, scope, swapId, swap.orderId(), swap.domainId(), replacement.id(), false);
          return null;
        });
  }

  static List<Order.Persona> parsePersonas(String json) {
    try {
      return Json.MAPPER.readValue(json, PERSONAS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<Slot> slot(Handle h, Scope scope, String domainId) {
    return WorkflowStore.slot(h, scope, domainId)
        .filter(s -> s.step() != Step.RELEASED && s.step() != Step.FAILED)
        .map(s -> new Slot(s.orderId(), s.provider(), s.inboxCount()));
  }

  @Override
  public void startReplacement(
      Handle h,
      Scope scope,
      String swapId,
      String orderId,
      String oldDomainId,
      String newDomainId,
      boolean bought) {
    WorkflowStore.Slot old = WorkflowStore.slot(h, scope, oldDomainId).orElseThrow();
    WorkflowStore.insertForSwap(
        h,
        scope,
        orderId,
        newDomainId,
        swapId,
        old.provider(),
        bought ? Step.REGISTER : Step.DNS,
        old.inboxCount(),
        old.firstPersona(),
        old.personas(),
        workflow.now());
    workflow.scheduleDomainJob(h, scope, orderId, newDomainId);
  }

  /**
   * The replacement is connected (in its transaction): plan the old domain's retirement, at once or
   * after the warm window; a premium swap is complete now, with both domains live.
   */
  void connected(Handle h, WorkflowStore.State fresh) {
    Scope scope = fresh.scope();
    SwapProgress swaps = workflow.swaps();
    Swap swap = swaps.find(h, scope, fresh.swapId());
    Instant now = workflow.now();
    Instant at = swap.type() == SwapType.PREMIUM ? now.plus(warm(scope)) : now;
    swaps.planRetirement(h, scope, swap.id(), at);
    if (swap.type() == SwapType.PREMIUM) {
      swaps.complete(h, scope, swap.id());
    }
    jobs.schedule(h, retireTask.instance("retire/" + swap.id(), new RetireJob(swap.id())), at);
  }

  private Duration warm(Scope scope) {
    return scope.environment() == Environment.LIVE ? LIVE_WARM : sandboxWarm;
  }

  /**
   * Retires the replaced domain once: its inboxes deleted at the mail provider and the sequencer,
   * its redirect removed, then {@code retired} (it stays the partner's record, on no order's list).
   * A standard swap completes with it.
   */
  private Instant retire(String swapId) {
    Scope scope = jdbi.withHandle(h -> workflow.swaps().scopeOf(h, swapId)).orElse(null);
    if (scope == null) {
      return null;
    }
    Swap swap = jdbi.withHandle(h -> workflow.swaps().find(h, scope, swapId));
    if (swap.retiredAt() != null) {
      return null;
    }
    String orderId = swap.orderId();
    String oldId = swap.domainId();
    Optional<WorkflowStore.Carried> old =
        jdbi.withHandle(h -> WorkflowStore.carried(h, scope, orderId)).stream()
            .filter(c -> c.id().equals(oldId))
            .findFirst();
    if (old.isPresent() && stillServing(old.get().status())) {
      if (jobs.anyRunning(DomainWorkflow.TASK, job -> job.isFor(orderId, oldId))) {
        return workflow.now().plus(BUSY_RETRY);
      }
      WorkflowStore.Carried d = old.get();
      Providers p = providers.of(scope);
      long client =
          jdbi.withHandle(h -> workflow.orders().find(h, scope, orderId)).sequencerClientId();
      List<String> addresses = jdbi.withHandle(h -> WorkflowStore.inboxAddresses(h, scope, oldId));
      undo(() -> p.sequencer().remove(scope, client, addresses));
      undo(() -> p.forwarder().remove(scope, d.domain()));
      undo(() -> p.mail(d.provider()).removeDomain(scope, d.domain()));
    }
    jdbi.useTransaction(
        h -> {
          OrderProgress orders = workflow.orders();
          orders.lock(h, scope, orderId);
          if (!workflow.swaps().retired(h, scope, swapId)) {
            return; // retired by an earlier run
          }
          WorkflowStore.load(h, orderId, oldId)
              .filter(s -> stillServing(s.domainStatus()))
              .ifPresent(
                  s -> {
                    WorkflowStore.deleteInboxes(h, scope, oldId);
                    workflow.actions().resolveOpen(h, scope, orderId, oldId);
                    DomainLifecycle.setStatus(h, scope, oldId, DomainStatus.RETIRED);
                    WorkflowStore.release(h, scope, orderId, oldId, workflow.now());
                  });
          if (swap.type() == SwapType.STANDARD) {
            workflow.swaps().complete(h, scope, swapId);
          }
        });
    return null;
  }

  private static boolean stillServing(DomainStatus status) {
    return status == DomainStatus.ACTIVE || status == DomainStatus.ACTION_REQUIRED;
  }

  @Override
  public List<Rename> planRenames(
      Handle h, Scope scope, String domainId, List<Order.Persona> personas) {
    WorkflowStore.Slot slot = WorkflowStore.slot(h, scope, domainId).orElse(null);
    if (slot == null) {
      return List.of();
    }
    Order order = workflow.orders().find(h, scope, slot.orderId());
    String domain = WorkflowStore.snapshot(h, scope, domainId).domain();
    InboxPlan current =
        InboxPlan.of(
            domain,
            DomainSteps.personasOf(slot.personas(), order),
            slot.firstPersona(),
            slot.inboxCount());
    InboxPlan next = InboxPlan.of(domain, personas, 0, slot.inboxCount());
    Set<String> existing = new HashSet<>(WorkflowStore.inboxAddresses(h, scope, domainId));
    int count = slot.inboxCount();
    List<String> nows = new ArrayList<>();
    List<String> tos = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nows.add(current.inboxes().get(i).address(domain));
      tos.add(next.inboxes().get(i).address(domain));
    }
    // An inbox whose address the new names keep stays on it; the others take the remaining
    // addresses in order. So no rename lands on an address another inbox still holds (the same
    // people reordered, or one of them dropped).
    int[] target = new int[count];
    boolean[] taken = new boolean[count];
    java.util.Arrays.fill(target, -1);
    for (int i = 0; i < count; i++) {
      int same = tos.indexOf(nows.get(i));
      if (same >= 0 && !taken[same]) {
        target[i] = same;
        taken[same] = true;
      }
    }
    int free = 0;
    for (int i = 0; i < count; i++) {
      if (target[i] < 0) {
        while (taken[free]) {
          free++;
        }
        target[i] = free;
        taken[free] = true;
      }
    }
    List<Rename> renames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String now = nows.get(i);
      InboxPlan.Inbox to = next.inboxes().get(target[i]);
      renames.add(
          new Rename(
              existing.contains(now) ? now : null,
              to.address(domain),
              to.persona().firstName(),
              to.persona().lastName()));
    }
    return renames;
  }

  @Override
  public void startRenames(
      Handle h,
      Scope scope,
      String orderId,
      String domainId,
      List<Order.Persona> personas,
      List<String> swapIds) {
    WorkflowStore.setPersonas(h, scope, orderId, domainId, Json.write(personas), workflow.now());
    PictureUrls pictures = new PictureUrls(scope.environment() == Environment.LIVE);
    boolean public_ =
        personas.stream()
            .allMatch(
                p ->
                    PictureUrls.absent(p.profilePictureUrl())
                        || pictures.isPublic(p.profilePictureUrl()));
    if (public_) {
      // the cause of the domain's picture actions is gone: they resolve, provisioning resumes
      workflow.actions().resolveOpen(h, scope, orderId, domainId);
      workflow.resume(h, scope, orderId, domainId);
    }
    RenameJob job = new RenameJob(domainId, List.copyOf(swapIds));
    jobs.schedule(h, renameTask.instance("rename/" + swapIds.get(0), job), workflow.now());
  }

  /** Renames each inbox of the batch at the provider, then records it; each swap completes. */
  private Instant rename(RenameJob job) {
    Scope scope =
        jdbi.withHandle(h -> workflow.swaps().scopeOf(h, job.swapIds().get(0))).orElse(null);
    if (scope == null) {
      return null;
    }
    Providers p = providers.of(scope);
    for (String swapId : job.swapIds()) {
      Swap swap = jdbi.withHandle(h -> workflow.swaps().find(h, scope, swapId));
      if (swap.status().terminal()) {
        continue;
      }
      jdbi.useTransaction(h -> workflow.swaps().begin(h, scope, swapId));
      WorkflowStore.Slot slot =
          jdbi.withHandle(h -> WorkflowStore.slot(h, scope, job.domainId())).orElse(null);
      String from = swap.inboxAddress();
      if (slot != null && from != null) {
        String domain =
            jdbi.withHandle(h -> WorkflowStore.snapshot(h, scope, job.domainId())).domain();
        p.mail(slot.provider())
            .renameMailbox(
                scope,
                domain,
                from,
                new MailProvider.Mailbox(swap.newAddress(), swap.newDisplayName(), null));
        if (slot.step() == Step.CONNECTED && !from.equals(swap.newAddress())) {
          OrderProgress.SequencerLogin login =
              jdbi.withHandle(h -> workflow.orders().sequencerLogin(h, scope, slot.orderId()));
          // The renamed mailbox keeps its login; only its address and name change.
          String sealedPassword =
              jdbi.withHandle(h -> WorkflowStore.inboxesToUpload(h, scope, job.domainId())).stream()
                  .filter(i -> i.address().equals(from))
                  .map(WorkflowStore.SealedInbox::sealedPassword)
                  .filter(java.util.Objects::nonNull)
                  .findFirst()
                  .orElse(null);
          p.sequencer().remove(scope, login.clientId(), List.of(from));
          p.sequencer()
              .upload(
                  scope,
                  new Sequencer.Account(login.clientId(), login.email(), login.password()),
                  List.of(
                      new Sequencer.Inbox(
                          swap.newAddress(),
                          swap.newDisplayName(),
                          slot.provider(),
                          sealedPassword == null ? null : workflow.sealer().open(sealedPassword))));
        }
      }
      jdbi.useTransaction(
          h -> {
            if (from != null) {
              WorkflowStore.renameInbox(
                  h, scope, job.domainId(), from, swap.newAddress(), swap.newDisplayName());
            }
            workflow.swaps().complete(h, scope, swapId);
          });
    }
    return null;
  }

  private void giveUpRenames(RenameJob job, String reason) {
    jdbi.useTransaction(
        h -> {
          Optional<Scope> scope = workflow.swaps().scopeOf(h, job.swapIds().get(0));
          scope.ifPresent(
              s -> job.swapIds().forEach(id -> workflow.swaps().fail(h, s, id, reason)));
        });
  }

  /** Undoes one provider effect; a provider that never held anything has nothing to undo. */
  private static void undo(Runnable effect) {
    try {
      effect.run();
    } catch (ProviderFailure f) {
      if (f.retryable()) {
        throw f;
      }
      log.info("nothing to undo: {}", f.getMessage());
    }
  }
}
