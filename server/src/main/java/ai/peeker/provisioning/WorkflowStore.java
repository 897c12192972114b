package ai.peeker.provisioning;

import ai.peeker.common.WireValue;
import ai.peeker.domains.DomainCategory;
import ai.peeker.domains.DomainSource;
import ai.peeker.domains.DomainStatus;
import ai.peeker.domains.MailProviderKind;
import ai.peeker.orders.InboxStatus;
import ai.peeker.orders.OrderStatus;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Scope;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * All SQL of the provisioning workflow: its per-domain rows and the inboxes it creates (the domain
 * rows it drives are written by the domains package, see {@code DomainLifecycle}). Scoped, except
 * {@link #load} and {@link #orderScope}, which background jobs use to find the tenant of the work
 * they were handed.
 */
final class WorkflowStore {
  /** Order statuses in which a domain's provisioning may go on. */
  private static final List<OrderStatus> PROVISIONING_ORDER =
      Arrays.stream(OrderStatus.values()).filter(OrderStatus::provisioning).toList();

  /** Order statuses in which a swap's replacement domain may be provisioned: any live order. */
  static final List<OrderStatus> SWAPPING_ORDER =
      Arrays.stream(OrderStatus.values())
          .filter(o -> o.provisioning() || o == OrderStatus.COMPLETED)
          .toList();

  private WorkflowStore() {}

  /** A domain of an order as the workflow starts it. */
  record OrderDomain(
      String id,
      String domain,
      DomainSource source,
      MailProviderKind provider,
      boolean usableGoogle,
      boolean usableMicrosoft) {}

  /** Everything a step needs, read fresh before each step. */
  record State(
      Scope scope,
      String orderId,
      String domainId,
      String domain,
      MailProviderKind provider,
      Step step,
      int inboxCount,
      int firstPersona,
      int attempts,
      DomainStatus domainStatus,
      OrderStatus orderStatus,
      String forwardingUrl,
      String swapId,
      String personas) {
    /** True for a replacement domain a swap is provisioning. */
    boolean forSwap() {
      return swapId != null;
    }

    /** Order statuses in which this domain's provisioning may go on. */
    boolean orderAllows() {
      return forSwap() ? SWAPPING_ORDER.contains(orderStatus) : orderStatus.provisioning();
    }

    /**
     * The step after this one. Forwarding is left out for a domain that forwards nowhere: a
     * provisioning domain gets its forwarding URL only from its order, so there is nothing to do.
     */
    Step nextStep() {
      Step next = step.next();
      return next == Step.FORWARDING && forwardingUrl == null ? next.next() : next;
    }

    /** This state once its step is done and recorded. */
    State movedOn() {
      return new State(
          scope,
          orderId,
          domainId,
          domain,
          provider,
          nextStep(),
          inboxCount,
          firstPersona,
          0,
          domainStatus,
          orderStatus,
          forwardingUrl,
          swapId,
          personas);
    }
  }

  /** A domain of an order with what it carries (for cancellations). */
  record Carried(
      String id, String domain, MailProviderKind provider, int inboxCount, DomainStatus status) {}

  static List<OrderDomain> orderDomains(Handle h, Scope scope, String orderId) {
    return h.createQuery(
            "SELECT id, domain, source, provider, usable_google, usable_microsoft FROM domains"
                + " WHERE partner_id = :partner AND environment = :env AND order_id = :orderId"
                + " ORDER BY id")
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .bind("orderId", orderId)
        .map(
            (rs, ctx) ->
                new OrderDomain(
                    rs.getString("id"),
                    rs.getString("domain"),
                    WireValue.of(DomainSource.class, rs.getString("source")),
                    WireValue.of(MailProviderKind.class, rs.getString("provider")),
                    rs.getBoolean("usable_google"),
                    rs.getBoolean("usable_microsoft")))
        .list();
  }

  /** A domain's workflow as planned when its order is placed. */
  record Planned(
      String domainId, MailProviderKind provider, Step step, int inboxCount, int firstPersona) {}

  /** Inserts the workflows of an order's domains, one batch. */
  static void insert(Handle h, Scope scope, String orderId, List<Planned> planned, Instant now) {
    PreparedBatch insert =
        h.prepareBatch(
            "INSERT INTO domain_workflows (order_id, domain_id, partner_id, environment, provider,"
                + " step, inbox_count, first_persona, attempts, created_at, updated_at) VALUES"
                + " (:orderId, :domainId, :partner, :env, :provider, :step, :inboxCount,"
                + " :firstPersona, 0, :now, :now)");
    for (Planned p : planned) {
      insert
          .bind("orderId", orderId)
          .bind("domainId", p.domainId())
          .bind("partner", scope.partnerId())
          .bind("env", scope.env())
          .bind("provider", p.provider())
          .bind("step", p.step())
          .bind("inboxCount", p.inboxCount())
          .bind("firstPersona", p.firstPersona())
          .bind("now", now)
          .add();
    }
    if (insert.size() > 0) {
      insert.execute();
    }
  }

  /** Cross-tenant: a job knows only the (order, domain) it was scheduled for. */
  static Optional<State> load(Handle h, String orderId, String domainId) {
    return h.createQuery(
            "SELECT w.partner_id, w.environment, w.provider, w.step, w.inbox_count,"
                + " w.first_persona, w.attempts, w.swap_id, w.personas, d.domain,"
                + " d.status AS domain_status, d.forwarding_url, o.status AS order_status"
                + " FROM domain_workflows w"
                + " JOIN domains d ON d.id = w.domain_id JOIN orders o ON o.id = w.order_id"
                + " WHERE w.order_id = :orderId AND w.domain_id = :domainId")
        .bind("orderId", orderId)
        .bind("domainId", domainId)
        .map(
            (rs, ctx) ->
                new State(
                    new Scope(
                        rs.getString("partner_id"), Environment.parse(rs.getString("environment"))),
                    orderId,
                    domainId,
                    rs.getString("domain"),
                    WireValue.of(MailProviderKind.class, rs.getString("provider")),
                    WireValue.of(Step.class, rs.getString("step")),
                    rs.getInt("inbox_count"),
                    rs.getInt("first_persona"),
                    rs.getInt("attempts"),
                    WireValue.of(DomainStatus.class, rs.getString("domain_status")),
                    WireValue.of(OrderStatus.class, rs.getString("order_status")),
                    rs.getString("forwarding_url"),
                    rs.getString("swap_id"),
                    rs.getString("personas")))
        .findOne();
  }

  /** Cross-tenant: the tenant of an order, for jobs that know only its id. */
  static Optional<Scope> orderScope(Handle h, String orderId) {
    return h.createQuery("SELECT partner_id, environment FROM orders WHERE id = :id")
        .bind("id", orderId)
        .map(
            (rs, ctx) ->
                new Scope(
                    rs.getString("partner_id"), Environment.parse(rs.getString("environment"))))
        .findOne();
  }

  /**
   * Moves the workflow from {@code from} to {@code to}, clearing its failure count. False when it
   * was not at {@code from} any more (another run moved it, or it was cancelled).
   */
  static boolean advance(Handle h, State s, Step from, Step to, String error, Instant now) {
    return h.createUpdate(
                "UPDATE domain_workflows SET step = :to, attempts = 0, last_error = :error,"
                    + " updated_at = :now WHERE order_id = :orderId AND domain_id = :domainId"
                    + " AND partner_id = :partner AND environment = :env AND step = :from")
            .bind("to", to)
            .bind("error", error)
            .bind("now", now)
            .bind("orderId", s.orderId())
            .bind("domainId", s.domainId())
            .bind("partner", s.scope().partnerId())
            .bind("env", s.scope().env())
            .bind("from", from)
            .execute()
        == 1;
  }

  /**
   * Moves the workflow on to its next step, but only while the domain is still being provisioned
   * and its order still wants it: one statement that both records the step and checks nothing was
   * called off meanwhile. False when something changed; the caller reads the state again.
   */
  static boolean moveOn(Handle h, State s, Instant now) {
    return h.createUpdate(
                "UPDATE domain_workflows SET step = :to, attempts = 0, last_error = NULL,"
                    + " updated_at = :now WHERE order_id = :orderId AND domain_id = :domainId"
                    + " AND partner_id = :partner AND environment = :env AND step = :from"
                    + " AND EXISTS (SELECT 1 FROM domains d WHERE d.id = :domainId"
                    + " AND d.status = :provisioning) AND EXISTS (SELECT 1 FROM orders o"
                    + " WHERE o.id = :orderId AND o.status IN (<provisioningOrder>))")
            .bind("provisioning", DomainStatus.PROVISIONING)
            .bindList("provisioningOrder", s.forSwap() ? SWAPPING_ORDER : PROVISIONING_ORDER)
            .bind("to", s.nextStep())
            .bind("now", now)
            .bind("orderId", s.orderId())
            .bind("domainId", s.domainId())
            .bind("partner", s.scope().partnerId())
            .bind("env", s.scope().env())
            .bind("from", s.step())
            .execute()
        == 1;
  }

  static DomainSnapshot snapshot(Handle h, Scope scope, String domainId) {
    return h.createQuery(
            "SELECT id, domain, category, status, provider, user_id, order_id, usable_google,"
                + " usable_microsoft, forwarding_url, created_at FROM domains WHERE id = :id"
                + " AND partner_id = :partner AND environment = :env")
        .bind("id", domainId)
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .map(
            (rs, ctx) ->
                new DomainSnapshot(
                    rs.getString("id"),
                    rs.getString("domain"),
                    WireValue.of(DomainCategory.class, rs.getString("category")),
                    WireValue.of(DomainStatus.class, rs.getString("status")),
                    WireValue.of(MailProviderKind.class, rs.getString("provider")),
                    rs.getString("user_id"),
                    rs.getString("order_id"),
                    MailProviderKind.usable(
                        rs.getBoolean("usable_google"), rs.getBoolean("usable_microsoft")),
                    rs.getString("forwarding_url"),
                    ctx.findColumnMapperFor(Instant.class)
                        .orElseThrow()
                        .map(rs, "created_at", ctx)))
        .one();
  }

  /**
   * Domains of the order that still have provisioning ahead of them: not connected, not failed, not
   * released and not on their way out.
   */
  static long unfinished(Handle h, Scope scope, String orderId) {
    return h.createQuery(
            "SELECT COUNT(*) FROM domain_workflows w JOIN domains d ON d.id = w.domain_id"
                + " WHERE w.partner_id = :partner AND w.environment = :env"
                + " AND w.order_id = :orderId AND w.step NOT IN (:connected, :released)"
                + " AND d.status <> :cancelScheduled"
                + " AND NOT (w.step = :failed AND w.swap_id IS NOT NULL)")
        .bind("failed", Step.FAILED)
        .bind("connected", Step.CONNECTED)
        .bind("released", Step.RELEASED)
        .bind("cancelScheduled", DomainStatus.CANCEL_SCHEDULED)
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .bind("orderId", orderId)
        .mapTo(Long.class)
        .one();
  }

  /** Inserts the inbox unless its address exists already (a retried step). */
  static void insertInbox(
      Handle h,
      Scope scope,
      String id,
      String orderId,
      String domainId,
      MailProvider.Mailbox mailbox,
      MailProviderKind provider,
      String sealedPassword,
      Instant now) {
    h.createUpdate(
            "INSERT INTO inboxes (id, partner_id, environment, order_id, domain_id, address,"
                + " display_name, provider, status, password_sealed, created_at) SELECT :id,"
                + " :partner, :env, :orderId, :domainId, :address, :displayName, :provider,"
                + " :active, :password, :now"
                + " WHERE NOT EXISTS (SELECT 1 FROM inboxes WHERE partner_id = :partner"
                + " AND environment = :env AND address = :address)")
        .bind("id", id)
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .bind("orderId", orderId)
        .bind("domainId", domainId)
        .bind("address", mailbox.address())
        .bind("displayName", mailbox.displayName())
        .bind("provider", provider)
        .bind("active", InboxStatus.ACTIVE)
        .bind("password", sealedPassword)
        .bind("now", now)
        .execute();
  }

  static List<String> inboxAddresses(Handle h, Scope scope, String domainId) {
    return h.createQuery(
            "SELECT address FROM inboxes WHERE partner_id = :partner AND environment = :env"
                + " AND domain_id = :domainId ORDER BY address")
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .bind("domainId", domainId)
        .mapTo(String.class)
        .list();
  }

  /** A domain's inboxes as the sequencer takes them; the password still sealed. */
  record SealedInbox(
      String address, String displayName, MailProviderKind provider, String sealedPassword) {}

  static List<SealedInbox> inboxesToUpload(Handle h, Scope scope, String domainId) {
    return h.createQuery(
            "SELECT address, display_name, provider, password_sealed FROM inboxes"
                + " WHERE partner_id = :partner AND environment = :env AND domain_id = :domainId"
                + " ORDER BY address")
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .bind("domainId", domainId)
        .map(
            (rs, ctx) ->
                new SealedInbox(
                    rs.getString("address"),
                    rs.getString("display_name"),
                    ai.peeker.common.WireValue.of(MailProviderKind.class, rs.getString("provider")),
                    rs.getString("password_sealed")))
        .list();
  }

  static void deleteInboxes(Handle h, Scope scope, String domainId) {
    h.createUpdate(
            "DELETE FROM inboxes WHERE partner_id = :partner AND environment = :env"
                + " AND domain_id = :domainId")
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .bind("domainId", domainId)
        .execute();
  }

  /** The order's domains that have not been released, with the licenses they carry. */
  static List<Carried> carried(Handle h, Scope scope, String orderId) {
    return carried(h, scope, orderId, "", null);
  }

  static void scheduleRelease(
      Handle h, Scope scope, String orderId, String domainId, Instant cancelsAt) {
    h.createUpdate(
            "UPDATE domain_workflows SET cancels_at = :cancelsAt WHERE order_id = :orderId"
                + " AND domain_id = :domainId AND partner_id = :partner AND environment = :env")
        .bind("cancelsAt", cancelsAt)
        .bind("orderId", orderId)
        .bind("domainId", domainId)
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .execute();
  }

  /** Domains of the order whose cancellation is due. */
  static List<Carried> dueReleases(Handle h, Scope scope, String orderId, Instant now) {
    return carried(
        h, scope, orderId, " AND d.status = :cancelScheduled AND w.cancels_at <= :now", now);
  }

  private static List<Carried> carried(
      Handle h, Scope scope, String orderId, String andWhere, Instant now) {
    var query =
        h.createQuery(
                "SELECT d.id, d.domain, w.provider, w.inbox_count, d.status FROM domain_workflows w"
                    + " JOIN domains d ON d.id = w.domain_id WHERE w.partner_id = :partner"
                    + " AND w.environment = :env AND w.order_id = :orderId"
                    + " AND w.step <> :released"
                    + andWhere
                    + " ORDER BY d.id")
            .bind("released", Step.RELEASED)
            .bind("partner", scope.partnerId())
            .bind("env", scope.env())
            .bind("orderId", orderId);
    if (now != null) {
      query.bind("now", now).bind("cancelScheduled", DomainStatus.CANCEL_SCHEDULED);
    }
    return query
        .map(
            (rs, ctx) ->
                new Carried(
                    rs.getString("id"),
                    rs.getString("domain"),
                    WireValue.of(MailProviderKind.class, rs.getString("provider")),
                    rs.getInt("inbox_count"),
                    WireValue.of(DomainStatus.class, rs.getString("status"))))
        .list();
  }

  /** The domain's workflow is over: it went back to the partner's inventory. */
  static void release(Handle h, Scope scope, String orderId, String domainId, Instant now) {
    h.createUpdate(
            "UPDATE domain_workflows SET step = :released, updated_at = :now"
                + " WHERE order_id = :orderId AND domain_id = :domainId AND partner_id = :partner"
                + " AND environment = :env")
        .bind("released", Step.RELEASED)
        .bind("now", now)
        .bind("orderId", orderId)
        .bind("domainId", domainId)
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .execute();
  }

  /** A replacement domain's workflow row: it names the swap that started it. */
  static void insertForSwap(
      Handle h,
      Scope scope,
      String orderId,
      String domainId,
      String swapId,
      MailProviderKind provider,
      Step step,
      int inboxCount,
      int firstPersona,
      String personas,
      Instant now) {
    insert(
        h,
        scope,
        orderId,
        List.of(new Planned(domainId, provider, step, inboxCount, firstPersona)),
        now);
    h.createUpdate(
            "UPDATE domain_workflows SET swap_id = :swapId, personas = :personas"
                + " WHERE order_id = :orderId AND domain_id = :domainId"
                + " AND partner_id = :partner AND environment = :env")
        .bind("swapId", swapId)
        .bind("personas", personas)
        .bind("orderId", orderId)
        .bind("domainId", domainId)
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .execute();
  }

  /** The provisioning of a connected domain on its current order. */
  record Slot(
      String orderId,
      MailProviderKind provider,
      Step step,
      int inboxCount,
      int firstPersona,
      String personas) {}

  static Optional<Slot> slot(Handle h, Scope scope, String domainId) {
    return h.createQuery(
            "SELECT w.order_id, w.provider, w.step, w.inbox_count, w.first_persona, w.personas"
                + " FROM domain_workflows w JOIN domains d ON d.id = w.domain_id"
                + " AND d.order_id = w.order_id WHERE w.domain_id = :domainId"
                + " AND w.partner_id = :partner AND w.environment = :env")
        .bind("domainId", domainId)
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .map(
            (rs, ctx) ->
                new Slot(
                    rs.getString("order_id"),
                    WireValue.of(MailProviderKind.class, rs.getString("provider")),
                    WireValue.of(Step.class, rs.getString("step")),
                    rs.getInt("inbox_count"),
                    rs.getInt("first_persona"),
                    rs.getString("personas")))
        .findOne();
  }

  /** The domain's inboxes carry {@code personas} (JSON) from now on, the first one first. */
  static void setPersonas(
      Handle h, Scope scope, String orderId, String domainId, String personas, Instant now) {
    h.createUpdate(
            "UPDATE domain_workflows SET personas = :personas, first_persona = 0,"
                + " updated_at = :now WHERE order_id = :orderId AND domain_id = :domainId"
                + " AND partner_id = :partner AND environment = :env")
        .bind("personas", personas)
        .bind("now", now)
        .bind("orderId", orderId)
        .bind("domainId", domainId)
        .bind("partner", scope.partnerId())
        .bind("env", scope.env())
        .execute();
  }

  /** An inbox renamed in place; false when it has been renamed (or removed) already. */
  static boolean renameInbox(
      Handle h,
      Scope scope,
      String domainId,
      String address,
      String newAddress,
      String displayName) {
    return h.createUpdate(
                "UPDATE inboxes SET address = :newAddress, display_name = :displayName"
                    + " WHERE partner_id = :partner AND environment = :env"
                    + " AND domain_id = :domainId AND address = :address")
            .bind("newAddress", newAddress)
            .bind("displayName", displayName)
            .bind("address", address)
            .bind("domainId", domainId)
            .bind("partner", scope.partnerId())
            .bind("env", scope.env())
            .execute()
        == 1;
  }
}
