package ai.peeker.domains;

import ai.peeker.partners.Scope;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * How a domain row changes over its life, for the packages that drive it: orders connect domains
 * (bought for the order, or claimed from inventory), the provisioning workflow moves their status,
 * and a cancellation returns them to inventory. Every method joins the caller's transaction; the
 * rows are written by this package alone.
 */
public final class DomainLifecycle {
  /** Inventory rows in these states can go on a new order. */
  public static final Set<DomainStatus> ORDERABLE =
      Set.of(DomainStatus.AVAILABLE, DomainStatus.RELEASED);

  private DomainLifecycle() {}

  /** The order a domain is connected to, and how. */
  public record Connection(
      String orderId, String userId, MailProviderKind provider, String forwardingUrl) {}

  /** A name bought for an order: a new row, connected from the start. */
  public record Bought(
      String id,
      String domain,
      Connection connection,
      boolean usableForGoogle,
      boolean usableForMicrosoft,
      long priceCents,
      Instant createdAt) {}

  public static void insertBought(Handle h, Scope scope, List<Bought> rows) {
    DomainStore.insertBought(h, scope, rows);
  }

  /**
   * Connects the inventory row {@code id}. False when another order claimed it first, or it is no
   * longer {@link #ORDERABLE}.
   */
  public static boolean claimFromInventory(Handle h, Scope scope, String id, Connection c) {
    return DomainStore.claim(h, scope, id, c, ORDERABLE);
  }

  /** Gives every domain of {@code ids} the mail provider chosen for it, in one statement. */
  public static void assignProvider(
      Handle h, Scope scope, Collection<String> ids, MailProviderKind provider) {
    DomainStore.assignProvider(h, scope, ids, provider);
  }

  public static void setStatus(Handle h, Scope scope, String id, DomainStatus status) {
    DomainStore.setStatus(h, scope, id, status);
  }

  /** A name imported for the partner: an inventory row waiting for its nameservers. */
  public record Imported(String id, String domain, Instant createdAt) {}

  public static void insertImported(Handle h, Scope scope, List<Imported> rows) {
    DomainStore.insertImported(h, scope, rows);
  }

  /** This tenant's rows holding any of {@code names} (normalised). */
  public static List<Domain> byName(Handle h, Scope scope, List<String> names) {
    return names.isEmpty() ? List.of() : DomainStore.byName(h, scope, names);
  }

  /** This tenant's rows with any of {@code ids}. */
  public static List<Domain> byId(Handle h, Scope scope, List<String> ids) {
    return ids.isEmpty() ? List.of() : DomainStore.byId(h, scope, ids);
  }

  /**
   * An imported domain whose import failed is imported again: back to {@code pending_nameservers}.
   * False when it is no such row.
   */
  public static boolean reimport(Handle h, Scope scope, String id) {
    return DomainStore.moveInventory(
        h, scope, id, DomainStatus.FAILED, DomainStatus.PENDING_NAMESERVERS);
  }

  /**
   * Settles imported domains that wait for their nameservers: {@code available} once they point at
   * us, or {@code failed}. A domain no longer waiting (a rerun, or it moved on) is left alone.
   */
  public static void settleImports(Handle h, Scope scope, List<String> ids, DomainStatus to) {
    DomainStore.moveInventory(h, scope, ids, DomainStatus.PENDING_NAMESERVERS, to);
  }

  /** The connected domain now forwards visitors to {@code url}. */
  public static void setForwardingUrl(Handle h, Scope scope, String id, String url) {
    DomainStore.setForwardingUrl(h, scope, id, url);
  }

  /** Free to be ordered again: inventory, available, with no customer or order. */
  public static void returnToInventory(Handle h, Scope scope, String id, String orderId) {
    DomainStore.returnToInventory(h, scope, id, orderId);
  }
}
