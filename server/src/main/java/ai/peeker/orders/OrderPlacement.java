package ai.peeker.orders;

import ai.peeker.api.ApiError;
import ai.peeker.bundles.Bundles;
import ai.peeker.common.Ids;
import ai.peeker.common.Sealer;
import ai.peeker.domains.Availability;
import ai.peeker.domains.Domain;
import ai.peeker.domains.Domains;
import ai.peeker.domains.LiveProvider;
import ai.peeker.domains.LiveProviders;
import ai.peeker.domains.Quote;
import ai.peeker.events.Outbox;
import ai.peeker.partners.Scope;
import ai.peeker.users.SequencerClients;
import ai.peeker.users.User;
import ai.peeker.users.Users;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Places an order: plan, customer, domains, costs, and the start of provisioning, in one
 * transaction. Registrar quotes are taken before it opens (a live registrar is a network call).
 * With a body fingerprint, an identical body within 24 hours answers the first order instead.
 */
public final class OrderPlacement {
  static final Duration REPLAY_WINDOW = Duration.ofHours(24);

  /** An order as placed now (201), or as an identical earlier body placed it. */
  record Placed(Order order, int statusCode) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final Ids ids;
  private final Users users;
  private final Bundles bundles;
  private final Domains domains;
  private final Availability availability;
  private final Outbox outbox;
  private final Sealer sealer;
  private final PriceBook prices;
  private final Fulfilment provisioning;
  private final RequestFingerprints fingerprints;
  private final LiveProviders live;
  private final SequencerClients sequencerClients;

  public OrderPlacement(
      Jdbi jdbi,
      Clock clock,
      Ids ids,
      Users users,
      Bundles bundles,
      Domains domains,
      Availability availability,
      Outbox outbox,
      Sealer sealer,
      PriceBook prices,
      Fulfilment provisioning,
      SequencerClients sequencerClients,
      String serverSecret,
      LiveProviders live) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ids = ids;
    this.users = users;
    users.keepEmailCopiesIn(OrderStore::copyUserEmail);
    this.bundles = bundles;
    this.domains = domains;
    this.availability = availability;
    this.outbox = outbox;
    this.sealer = sealer;
    this.prices = prices;
    this.provisioning = provisioning;
    this.fingerprints = new RequestFingerprints(serverSecret);
    this.live = live;
    this.sequencerClients = sequencerClients;
  }

  /**
   * Places {@code request}; {@code canonicalBody} (null: no replay rule) is the body it was parsed
   * from. Concurrent identical bodies, or orders racing for one new user or domain, lose on a
   * unique index and their transaction runs again (see {@code db.LostRaceRetries}): it then finds
   * the winner's order to replay, or the rules name the domain that is gone.
   */
  Placed place(Scope scope, OrderRequest request, String canonicalBody) {
    String fingerprint = canonicalBody == null ? null : fingerprints.of(scope, canonicalBody);
    if (fingerprint != null) {
      Optional<Placed> earlier = jdbi.withHandle(h -> replay(h, scope, fingerprint));
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    Map<String, Quote> quotes = quoteNewNames(scope, request);
    boolean[] rerun = {false}; // a run after a lost race looks for the winner first
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.inTransaction(
            h -> {
              if (rerun[0] && fingerprint != null) {
                Optional<Placed> winner = replay(h, scope, fingerprint);
                if (winner.isPresent()) {
                  return winner.get();
                }
              }
              rerun[0] = true;
              return new Placed(placeIn(h, scope, request, quotes, fingerprint), 201);
            });
      } catch (Unquoted e) {
        if (attempt == 3) {
          throw e;
        }
        // a name's row vanished between the quotes and the transaction: the registrar is asked
        // outside it, and the transaction runs again with the answer
        quotes.putAll(availability.quotesForOrder(scope.environment(), List.of(e.name)));
      }
    }
  }

  /** A name the transaction needs a quote for that was not quoted before it opened. */
  private static final class Unquoted extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String name;

    Unquoted(String name) {
      super("no quote for " + name, null, false, false);
      this.name = name;
    }
  }

  private Optional<Placed> replay(Handle h, Scope scope, String fingerprint) {
    return OrderStore.replay(h, scope, fingerprint, now().minus(REPLAY_WINDOW))
        .flatMap(
            r ->
                OrderStore.find(h, scope, r.orderId())
                    .map(order -> new Placed(order, r.statusCode())));
  }

  /**
   * Quotes the names that are not rows of this tenant yet. The plan is checked first, so a body
   * with the wrong domain count never reaches the registrar.
   */
  private Map<String, Quote> quoteNewNames(Scope scope, OrderRequest request) {
    List<String> names = names(request);
    Plan[] plan = {null};
    Set<String> known =
        jdbi.withHandle(
            h -> {
              plan[0] = plan(h, scope, request);
              plan[0].checkCount(names.size());
              return domains.byName(h, scope, names).keySet();
            });
    List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
    live.require(scope.environment(), providersNeeded(plan[0], !unknown.isEmpty()));
    return new HashMap<>(availability.quotesForOrder(scope.environment(), unknown));
  }

  /** The live providers an order's provisioning calls: refused up front when one is missing. */
  private static List<LiveProvider> providersNeeded(Plan plan, boolean buysNames) {
    List<LiveProvider> needed = new ArrayList<>();
    if (buysNames) {
      needed.add(LiveProvider.NAMECOM);
    }
    needed.add(LiveProvider.CLOUDFLARE);
    if (plan.googleLicenses() > 0) {
      needed.add(LiveProvider.GOOGLE);
    }
    if (plan.microsoftLicenses() > 0) {
      needed.add(LiveProvider.MICROSOFT);
    }
    needed.add(LiveProvider.SMARTLEAD);
    return needed;
  }

  private Order placeIn(
      Handle h, Scope scope, OrderRequest request, Map<String, Quote> quotes, String fingerprint) {
    Instant now = now();
    String orderId = ids.next("ord_");
    if (fingerprint != null) {
      // first write: an identical concurrent body collides here before doing any work
      OrderStore.rememberRequest(
          h, scope, fingerprint, orderId, 201, now, now.minus(REPLAY_WINDOW));
    }
    request = withClient(h, scope, request);
    User user = customer(h, scope, request);
    Plan plan = plan(h, scope, request);
    plan.checkCount(request.domains().size());
    Map<String, Domain> rows = domains.byName(h, scope, names(request));
    List<DomainChoice.Chosen> chosen =
        DomainChoice.choose(
            request.domains(),
            rows,
            name -> {
              Quote quote = quotes.get(name);
              if (quote == null) {
                throw new Unquoted(name); // never a registrar call inside the transaction
              }
              return quote;
            },
            plan);
    Order order = newOrder(orderId, user, plan, request, chosen, now);
    OrderStore.insert(
        h,
        scope,
        order,
        new OrderStore.SequencerLogin(
            request.sequencer().provider(),
            request.sequencer().loginEmail(),
            sealer.seal(request.sequencer().loginPassword())));
    attach(h, scope, order, chosen, now);
    provisioning.start(h, scope, orderId);
    outbox.append(h, scope, order.status().event(), orderId, order.lean());
    return order;
  }

  /** The request with the partner's default sequencer client where it asked for it. */
  private OrderRequest withClient(Handle h, Scope scope, OrderRequest r) {
    OrderRequest.Sequencer s = r.sequencer();
    long client = sequencerClients.resolve(h, scope, s.clientId(), "sequencer.client_id");
    if (client == s.clientId()) {
      return r;
    }
    return new OrderRequest(
        r.customer(),
        r.bundleId(),
        r.googleLicenses(),
        r.microsoftLicenses(),
        r.googleInboxesPerDomain(),
        new OrderRequest.Sequencer(s.provider(), client, s.loginEmail(), s.loginPassword()),
        r.forwardingUrl(),
        r.domains(),
        r.personas());
  }

  private void attach(
      Handle h, Scope scope, Order order, List<DomainChoice.Chosen> chosen, Instant now) {
    List<OrderDomains.Attached> bought = new ArrayList<>();
    for (DomainChoice.Chosen c : chosen) {
      if (c.registered()) {
        bought.add(new OrderDomains.Attached(ids.next("dom_"), c));
      } else if (!OrderDomains.claimInventory(
          h, scope, order, new OrderDomains.Attached(c.inventory().id(), c))) {
        throw OrderBody.refused(
            c.entry().domain(), "already_connected", "was just put on another order");
      }
    }
    OrderDomains.insertRegistered(h, scope, order, bought, now);
  }

  private Order newOrder(
      String orderId,
      User user,
      Plan plan,
      OrderRequest request,
      List<DomainChoice.Chosen> chosen,
      Instant now) {
    List<Order.LineItem> lineItems = new ArrayList<>();
    if (plan.googleLicenses() > 0) {
      lineItems.add(
          new Order.LineItem(
              LineItemType.GOOGLE_LICENSE,
              plan.googleLicenses(),
              plan.googleLicenses() * prices.googleLicenseCents()));
    }
    if (plan.microsoftLicenses() > 0) {
      lineItems.add(
          new Order.LineItem(
              LineItemType.MICROSOFT_LICENSE,
              plan.microsoftLicenses(),
              plan.microsoftLicenses() * prices.microsoftLicenseCents()));
    }
    List<DomainChoice.Chosen> registered =
        chosen.stream().filter(DomainChoice.Chosen::registered).toList();
    if (!registered.isEmpty()) {
      lineItems.add(
          new Order.LineItem(
              LineItemType.DOMAIN_REGISTRATION,
              registered.size(),
              registered.stream().mapToLong(DomainChoice.Chosen::registrationCents).sum()));
    }
    return new Order(
        orderId,
        user.id(),
        user.email(),
        plan.bundleId(),
        OrderStatus.IN_PROGRESS,
        chosen.size(),
        plan.googleLicenses(),
        plan.microsoftLicenses(),
        plan.perDomain(),
        lineItems.stream().mapToLong(Order.LineItem::amountCents).sum(),
        prices.currency(),
        lineItems,
        request.personas(),
        request.forwardingUrl(),
        request.sequencer().clientId(),
        now.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant(),
        now,
        null,
        null);
  }

  /** The customer by id, or by email (created when new, routed to the order's sequencer). */
  private User customer(Handle h, Scope scope, OrderRequest request) {
    OrderRequest.Customer c = request.customer();
    if (c.userId() != null) {
      return users.findActive(h, scope, c.userId(), "user");
    }
    var route =
        new User.SequencerRoute(request.sequencer().provider(), request.sequencer().clientId());
    return users.findOrCreate(
        h, scope, new Users.NewUser(c.email(), c.firstName(), c.lastName(), route), "user");
  }

  private Plan plan(Handle h, Scope scope, OrderRequest r) {
    boolean custom = r.googleLicenses() != null || r.microsoftLicenses() != null;
    Plan.checkShape(r.bundleId() != null, custom, r.googleInboxesPerDomain() != null);
    if (r.bundleId() != null) {
      return Plan.of(bundles.forNewOrder(h, scope, r.bundleId(), "bundle_id"));
    }
    int google = r.googleLicenses() == null ? 0 : r.googleLicenses();
    int microsoft = r.microsoftLicenses() == null ? 0 : r.microsoftLicenses();
    if (google + microsoft == 0) {
      throw ApiError.invalid("google_licenses", "An order needs at least one license");
    }
    int perDomain = r.googleInboxesPerDomain() == null ? 2 : r.googleInboxesPerDomain();
    return new Plan(null, google, microsoft, perDomain);
  }

  private static List<String> names(OrderRequest request) {
    return request.domains().stream().map(OrderRequest.DomainEntry::domain).toList();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
