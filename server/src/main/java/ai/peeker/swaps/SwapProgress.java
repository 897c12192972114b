package ai.peeker.swaps;

import ai.peeker.api.ApiError;
import ai.peeker.events.Outbox;
import ai.peeker.partners.Scope;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * How the workflow moves a swap along: each state change is written with its {@code swap.*} event
 * (the swap as {@code GET /swaps/{id}} shows it) in the caller's transaction. Moves are guarded by
 * the state they leave, so a step run twice moves (and announces) a swap once.
 */
public final class SwapProgress {
  private static final List<SwapStatus> OPEN =
      List.of(SwapStatus.CREATED, SwapStatus.IN_PROGRESS, SwapStatus.ACTION_REQUIRED);

  private final Outbox outbox;
  private final Clock clock;

  public SwapProgress(Outbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  public Swap find(Handle h, Scope scope, String id) {
    return SwapStore.find(h, scope, id).orElseThrow(() -> ApiError.notFound("Swap"));
  }

  /** Cross-tenant: the tenant of a swap, for jobs that know only its id. */
  public Optional<Scope> scopeOf(Handle h, String id) {
    return SwapStore.scopeOf(h, id);
  }

  /** Workers picked it up: {@code created} or {@code action_required} → {@code in_progress}. */
  public boolean begin(Handle h, Scope scope, String id) {
    return move(
        h,
        scope,
        id,
        List.of(SwapStatus.CREATED, SwapStatus.ACTION_REQUIRED),
        SwapStatus.IN_PROGRESS,
        null);
  }

  /** Blocked on the partner (a picture to fix, nameservers to set). */
  public boolean actionRequired(Handle h, Scope scope, String id, String reason) {
    return move(
        h,
        scope,
        id,
        List.of(SwapStatus.CREATED, SwapStatus.IN_PROGRESS),
        SwapStatus.ACTION_REQUIRED,
        reason);
  }

  public boolean complete(Handle h, Scope scope, String id) {
    return move(h, scope, id, OPEN, SwapStatus.COMPLETED, null);
  }

  public boolean fail(Handle h, Scope scope, String id, String reason) {
    return move(h, scope, id, OPEN, SwapStatus.FAILED, reason);
  }

  /** When the old domain is retired (premium: after its warm window). */
  public void planRetirement(Handle h, Scope scope, String id, Instant at) {
    SwapStore.planRetirement(h, scope, id, at, now());
  }

  /** Records that the old domain was retired; false when it was retired before. */
  public boolean retired(Handle h, Scope scope, String id) {
    return SwapStore.markRetired(h, scope, id, now());
  }

  private boolean move(
      Handle h, Scope scope, String id, List<SwapStatus> from, SwapStatus to, String reason) {
    if (!SwapStore.move(h, scope, id, from, to, clip(reason), now())) {
      return false;
    }
    outbox.append(h, scope, to.event(), id, find(h, scope, id));
    return true;
  }

  /** The {@code swap.created} event of a new swap, in its creating transaction. */
  void created(Handle h, Scope scope, Swap swap) {
    outbox.append(h, scope, SwapStatus.CREATED.event(), swap.id(), swap);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String clip(String reason) {
    return reason == null || reason.length() <= 500 ? reason : reason.substring(0, 500);
  }
}
