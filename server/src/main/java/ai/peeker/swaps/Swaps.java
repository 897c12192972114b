package ai.peeker.swaps;

import ai.peeker.api.ApiError;
import ai.peeker.common.Cursor;
import ai.peeker.common.Ids;
import ai.peeker.common.PageSlice;
import ai.peeker.domains.Availability;
import ai.peeker.domains.Domain;
import ai.peeker.domains.DomainCategory;
import ai.peeker.domains.DomainLifecycle;
import ai.peeker.domains.DomainNames;
import ai.peeker.domains.DomainStatus;
import ai.peeker.domains.Domains;
import ai.peeker.domains.LiveProvider;
import ai.peeker.domains.LiveProviders;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.domains.Quote;
import ai.peeker.orders.Order;
import ai.peeker.orders.OrderProgress;
import ai.peeker.partners.PartnerSettings;
import ai.peeker.partners.Partners;
import ai.peeker.partners.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Swaps: a domain replaced inside a live order ({@code standard}: the old one retired once the new
 * one is live; {@code premium}: kept warm beside it first), or the names on a domain's inboxes
 * changed ({@code user_names}, one swap per inbox). The rules are checked here, in the transaction
 * that writes the swap, its {@code swap.created} event and the start of its workflow.
 */
public final class Swaps {
  static final Duration PREMIUM_COOLDOWN = Duration.ofDays(30);

  /** Why a swap onto an imported domain waits: the customer has not pointed its nameservers. */
  public static final String NAMESERVERS_NOT_SET = "nameservers_not_set";

  private final Jdbi jdbi;
  private final Clock clock;
  private final Ids ids;
  private final Domains domains;
  private final Availability availability;
  private final OrderProgress orders;
  private final Partners partners;
  private final SwapProgress progress;
  private final SwapWork work;
  private final LiveProviders live;

  public Swaps(
      Jdbi jdbi,
      Clock clock,
      Ids ids,
      Domains domains,
      Availability availability,
      OrderProgress orders,
      Partners partners,
      SwapProgress progress,
      SwapWork work,
      LiveProviders live) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ids = ids;
    this.domains = domains;
    this.availability = availability;
    this.orders = orders;
    this.partners = partners;
    this.progress = progress;
    this.work = work;
    this.live = live;
  }

  /** A parsed {@code POST /swaps} body. */
  public record DomainSwap(SwapType type, String domainId, String replacementDomain) {}

  /** Creates a standard or premium swap and starts it. */
  public Swap create(Scope scope, DomainSwap request) {
    String name = DomainNames.normalize(request.replacementDomain());
    if (name == null) {
      throw refused("invalid", request.replacementDomain(), "is not a valid domain name");
    }
    // the registrar is another system: asked before the transaction, and only for new names
    boolean known = jdbi.withHandle(h -> !domains.byName(h, scope, List.of(name)).isEmpty());
    live.require(
        scope.environment(),
        known
            ? List.of(LiveProvider.CLOUDFLARE, LiveProvider.SMARTLEAD)
            : List.of(LiveProvider.NAMECOM, LiveProvider.CLOUDFLARE, LiveProvider.SMARTLEAD));
    Quote quote =
        known ? null : availability.quotesForOrder(scope.environment(), List.of(name)).get(name);
    return jdbi.inTransaction(h -> createIn(h, scope, request, name, quote));
  }

  private Swap createIn(Handle h, Scope scope, DomainSwap request, String name, Quote quote) {
    Domain old = connectedDomain(h, scope, request.domainId());
    Order order = orders.lockOrder(h, scope, old.orderId());
    checkOrderTakesSwaps(order);
    if (old.status() != DomainStatus.ACTIVE) {
      throw ApiError.conflict(
          "Domain "
              + old.domain()
              + " is "
              + old.status().wire()
              + "; only an active domain can be swapped",
          "domain_id");
    }
    SwapWork.Slot slot =
        work.slot(h, scope, old.id())
            .orElseThrow(
                () ->
                    ApiError.conflict(
                        "Domain " + old.domain() + " is not provisioned", "domain_id"));
    Instant now = now();
    if (request.type() == SwapType.PREMIUM) {
      checkPremium(h, scope, old, slot, now);
    }
    if (SwapStore.busy(h, scope, old.id()) > 0) {
      throw ApiError.conflict(
          "Domain " + old.domain() + " already has a swap in progress", "domain_id");
    }
    if (name.equals(old.domain())) {
      throw refused("same_domain", name, "is the domain being replaced");
    }
    String swapId = ids.next("swp_");
    Domain existing = domains.byName(h, scope, List.of(name)).get(name);
    String newDomainId;
    boolean bought;
    boolean waiting =
        existing != null
            && existing.category() == DomainCategory.INVENTORY
            && existing.status() == DomainStatus.PENDING_NAMESERVERS;
    if (waiting) {
      // imported, nameservers not pointed yet: claimed once the import connects it
      newDomainId = existing.id();
      bought = false;
    } else if (existing != null) {
      // one of the partner's own domains (imported, or released by an earlier order)
      checkInventory(existing, slot.provider());
      newDomainId = existing.id();
      bought = false;
      if (!DomainLifecycle.claimFromInventory(
          h, scope, existing.id(), connection(order, old, slot.provider()))) {
        throw refused("already_connected", name, "was just put on an order");
      }
    } else {
      Quote q =
          quote != null
              ? quote
              : availability.quotesForOrder(scope.environment(), List.of(name)).get(name);
      if (!q.available()) {
        String reason = q.unavailable().wire();
        throw refused(reason, name, "cannot be registered (" + reason + ")");
      }
      if (!q.usableFor().contains(slot.provider())) {
        throw refused(
            "not_usable_for_" + slot.provider().wire(),
            name,
            "cannot serve " + slot.provider().wire());
      }
      newDomainId = ids.next("dom_");
      bought = true;
      DomainLifecycle.insertBought(
          h,
          scope,
          List.of(
              new DomainLifecycle.Bought(
                  newDomainId,
                  name,
                  connection(order, old, slot.provider()),
                  q.usableFor().contains(MailProviderKind.GOOGLE),
                  q.usableFor().contains(MailProviderKind.MICROSOFT),
                  q.priceCents(),
                  now)));
      orders.addRegistration(h, scope, order.id(), q.priceCents());
    }
    Swap swap =
        new Swap(
            swapId,
            request.type(),
            SwapStatus.CREATED,
            old.id(),
            order.id(),
            order.userId(),
            name,
            newDomainId,
            null,
            null,
            null,
            slot.inboxCount(),
            null,
            null,
            null,
            now,
            now,
            null);
    SwapStore.insert(h, scope, swap);
    progress.created(h, scope, swap);
    if (waiting) {
      progress.actionRequired(h, scope, swapId, NAMESERVERS_NOT_SET);
      work.awaitReplacement(h, scope, swapId);
      return progress.find(h, scope, swapId);
    }
    work.startReplacement(h, scope, swapId, order.id(), old.id(), newDomainId, bought);
    return swap;
  }

  /**
   * Premium: Microsoft domains only; one premium swap per domain in 30 days; the partner's tier
   * caps the share of its active Microsoft inboxes under premium swap at once.
   */
  private void checkPremium(Handle h, Scope scope, Domain old, SwapWork.Slot slot, Instant now) {
    if (slot.provider() != MailProviderKind.MICROSOFT) {
      throw new ApiError(
          400,
          ai.peeker.api.ErrorCode.INVALID_REQUEST,
          "Premium swaps are available on Microsoft domains only; "
              + old.domain()
              + " is a Google domain",
          "type",
          Map.of("reason", "premium_microsoft_only", "provider", slot.provider().wire()));
    }
    Optional<Instant> last =
        SwapStore.premiumSince(h, scope, old.id(), now.minus(PREMIUM_COOLDOWN));
    if (last.isPresent()) {
      throw new ApiError(
          400,
          ai.peeker.api.ErrorCode.INVALID_REQUEST,
          "Domain " + old.domain() + " had a premium swap less than 30 days ago",
          "domain_id",
          Map.of(
              "reason",
              "premium_cooldown",
              "next_premium_swap_at",
              ai.peeker.common.Json.timestamp(last.get().plus(PREMIUM_COOLDOWN))));
    }
    PartnerSettings settings = partners.settings(h, scope.partnerId());
    long active = SwapStore.activeMicrosoftInboxes(h, scope);
    long allowed = active * settings.swapTier().percent() / 100;
    long under = SwapStore.inboxesUnderPremium(h, scope);
    if (under + slot.inboxCount() > allowed) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("reason", "premium_quota_exceeded");
      details.put("tier", settings.swapTier().wire());
      details.put("tier_percent", settings.swapTier().percent());
      details.put("active_microsoft_inboxes", active);
      details.put("inboxes_under_premium_swap", under);
      details.put("allowed", allowed);
      throw new ApiError(
          400,
          ai.peeker.api.ErrorCode.INVALID_REQUEST,
          "The '"
              + settings.swapTier().wire()
              + "' tier allows "
              + settings.swapTier().percent()
              + "% of the active Microsoft inboxes ("
              + allowed
              + ") under premium swap at once; "
              + under
              + " are already",
          "type",
          details);
    }
  }

  /** Creates one user-name swap per inbox on the domain and starts them. */
  public List<Swap> renameUsers(Scope scope, String domainId, List<Order.Persona> personas) {
    live.require(scope.environment(), List.of(LiveProvider.SMARTLEAD));
    return jdbi.inTransaction(
        h -> {
          Domain domain = connectedDomain(h, scope, domainId);
          Order order = orders.lockOrder(h, scope, domain.orderId());
          checkOrderTakesSwaps(order);
          switch (domain.status()) {
            case ACTIVE, PROVISIONING, ACTION_REQUIRED -> {
              // names can change while it provisions, or waits for pictures
            }
            case PENDING_NAMESERVERS, AVAILABLE, FAILED, CANCEL_SCHEDULED, RELEASED, RETIRED ->
                throw ApiError.conflict(
                    "Domain " + domain.domain() + " is " + domain.status().wire(), "domain_id");
          }
          if (SwapStore.busy(h, scope, domain.id()) > 0) {
            throw ApiError.conflict(
                "Domain " + domain.domain() + " already has a swap in progress", "domain_id");
          }
          List<SwapWork.Rename> renames = work.planRenames(h, scope, domain.id(), personas);
          if (renames.isEmpty()) {
            throw ApiError.conflict(
                "Domain " + domain.domain() + " carries no inboxes", "domain_id");
          }
          Instant now = now();
          List<Swap> swaps = new ArrayList<>();
          for (SwapWork.Rename r : renames) {
            Swap swap =
                new Swap(
                    ids.next("swp_"),
                    SwapType.USER_NAMES,
                    SwapStatus.CREATED,
                    domain.id(),
                    order.id(),
                    order.userId(),
                    null,
                    null,
                    r.currentAddress(),
                    r.newAddress(),
                    r.displayName(),
                    1,
                    null,
                    null,
                    null,
                    now,
                    now,
                    null);
            SwapStore.insert(h, scope, swap);
            progress.created(h, scope, swap);
            swaps.add(swap);
          }
          work.startRenames(
              h, scope, order.id(), domain.id(), personas, swaps.stream().map(Swap::id).toList());
          return swaps;
        });
  }

  public Swap get(Scope scope, String id) {
    if (!Ids.looksLike("swp_", id)) {
      throw ApiError.notFound("Swap");
    }
    return jdbi.withHandle(h -> SwapStore.find(h, scope, id))
        .orElseThrow(() -> ApiError.notFound("Swap"));
  }

  /** Filters of {@code GET /swaps}; null means any. */
  public record ListFilter(String userId, String orderId, String domainId, SwapStatus status) {}

  public PageSlice<Swap> list(Scope scope, ListFilter f, Cursor after, int perPage) {
    var filter = new SwapStore.Filter(f.userId(), f.orderId(), f.domainId(), f.status());
    return PageSlice.of(
        jdbi.withHandle(h -> SwapStore.list(h, scope, filter, after, perPage + 1)),
        perPage,
        s -> new Cursor(s.createdAt(), s.id()));
  }

  /** The tenant's connected domain, or 404 naming {@code domain_id}. */
  private Domain connectedDomain(Handle h, Scope scope, String domainId) {
    Domain domain =
        domains
            .find(h, scope, domainId)
            .orElseThrow(() -> ApiError.notFound("Domain", "domain_id"));
    if (domain.category() != DomainCategory.CONNECTED || domain.orderId() == null) {
      throw ApiError.invalid(
          "domain_id",
          "Domain " + domain.domain() + " is not on an order: only connected domains are swapped");
    }
    return domain;
  }

  private static void checkOrderTakesSwaps(Order order) {
    switch (order.status()) {
      case IN_PROGRESS, ACTION_REQUIRED, COMPLETED -> {
        // a live order
      }
      case FAILED, CANCEL_SCHEDULED, CANCELLED ->
          throw ApiError.conflict(
              "Order " + order.id() + " is " + order.status().wire() + " and takes no swaps",
              "domain_id");
    }
  }

  private static void checkInventory(Domain row, MailProviderKind provider) {
    if (row.category() == DomainCategory.CONNECTED) {
      throw refused("already_connected", row.domain(), "is already on an order");
    }
    if (!DomainLifecycle.ORDERABLE.contains(row.status())) {
      throw refused(
          "not_ready",
          row.domain(),
          "is in inventory but " + row.status().wire().replace('_', ' '));
    }
    boolean usable =
        switch (provider) {
          case GOOGLE -> row.usableForGoogle();
          case MICROSOFT -> row.usableForMicrosoft();
        };
    if (!usable) {
      throw refused(
          "not_usable_for_" + provider.wire(), row.domain(), "cannot serve " + provider.wire());
    }
  }

  private static DomainLifecycle.Connection connection(
      Order order, Domain old, MailProviderKind provider) {
    return new DomainLifecycle.Connection(
        order.id(), order.userId(), provider, old.forwardingUrl());
  }

  static ApiError refused(String reason, String domain, String problem) {
    return ApiError.invalid(
        "replacement_domain",
        "Replacement domain '" + domain + "' " + problem,
        Map.of("reason", reason, "domain", domain));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
