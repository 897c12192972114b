package ai.peeker.orders;

import ai.peeker.common.Cursor;
import ai.peeker.common.Ids;
import ai.peeker.common.PageSlice;
import ai.peeker.partners.Scope;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Pending actions: raised by the provisioning workflow when a domain cannot go on without a fix,
 * listed by partners ({@code GET /orders/pending}), resolved when the cause is fixed.
 */
public final class PendingActions {
  public static final String PICTURE_MESSAGE =
      "The profile picture URL must be a publicly accessible image URL.";

  private final Jdbi jdbi;
  private final Clock clock;
  private final Ids ids;

  public PendingActions(Jdbi jdbi, Clock clock, Ids ids) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ids = ids;
  }

  /** Why a domain waits: one persona (by its index in the order) and the type of fix needed. */
  public record Cause(
      String orderId,
      String domainId,
      String domain,
      PendingActionType type,
      PendingActionReason reason,
      int personaIndex,
      Order.Persona persona,
      String message) {}

  /**
   * Raises each cause as an action unless it was raised before (a retried step finds its earlier
   * actions, resolved or not). Answers the newly raised ones.
   */
  public List<PendingAction> raise(Handle h, Scope scope, List<Cause> causes) {
    Instant now = now();
    List<PendingAction> raised = new ArrayList<>();
    for (Cause c : causes) {
      PendingAction action =
          new PendingAction(
              ids.next("act_"),
              c.type(),
              c.reason(),
              PendingActionStatus.OPEN,
              c.orderId(),
              c.domainId(),
              c.domain(),
              c.persona(),
              c.message(),
              now,
              null);
      if (PendingActionStore.insertIfAbsent(h, scope, action, c.personaIndex())) {
        raised.add(action);
      }
    }
    return raised;
  }

  /** Open actions of the order, or only of one of its domains when {@code domainId} is set. */
  public long openCount(Handle h, Scope scope, String orderId, String domainId) {
    return PendingActionStore.openCount(h, scope, orderId, domainId);
  }

  /** Closes the domain's open actions (its cause went away, e.g. the domain was cancelled). */
  public void resolveOpen(Handle h, Scope scope, String orderId, String domainId) {
    PendingActionStore.resolveOpen(h, scope, orderId, domainId, now());
  }

  /**
   * An action the operator resolved, with its tenant; {@code changed} is false when it was closed
   * already.
   */
  public record Resolution(Scope scope, PendingAction action, boolean changed) {}

  /** Operator: resolves an action named by id (any tenant). Empty when there is no such action. */
  public Optional<Resolution> resolve(Handle h, String id) {
    if (!Ids.looksLike("act_", id)) {
      return Optional.empty();
    }
    return PendingActionStore.findAnyTenant(h, id)
        .map(
            found ->
                new Resolution(
                    found.scope(),
                    found.action(),
                    PendingActionStore.resolve(h, found.scope(), id, now()) == 1));
  }

  /** Filters of {@code GET /orders/pending}: order, user (usr_ id or email), domain, status. */
  public record ListFilter(
      String orderId,
      String userId,
      String userEmail,
      String domainId,
      PendingActionStatus status) {}

  public PageSlice<PendingAction> list(Scope scope, ListFilter f, Cursor after, int perPage) {
    var filter =
        new PendingActionStore.Filter(
            f.orderId(),
            f.userId(),
            f.userEmail() == null ? null : f.userEmail().strip().toLowerCase(Locale.ROOT),
            f.domainId(),
            f.status());
    return PageSlice.of(
        jdbi.withHandle(h -> PendingActionStore.list(h, scope, filter, after, perPage + 1)),
        perPage,
        a -> new Cursor(a.createdAt(), a.id()));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
