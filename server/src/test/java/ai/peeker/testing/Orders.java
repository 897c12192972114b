package ai.peeker.testing;

import ai.peeker.bundles.Bundle;
import ai.peeker.bundles.Bundles;
import ai.peeker.orders.Order;
import ai.peeker.orders.OrderRequest;
import ai.peeker.partners.Scope;
import ai.peeker.users.SequencerProvider;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/** Places orders through the same service {@code POST /orders} calls (never raw SQL). */
public final class Orders {
  private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 1_000_000);

  private Orders() {}

  /** A custom order of one Microsoft license (one domain) for {@code email}. */
  public static Order custom(TestServer server, Scope scope, String email) {
    return server.app().orders().place(scope, request(email, null, 0, 1, 1));
  }

  /** An order for every domain a bundle needs. */
  public static Order forBundle(TestServer server, Scope scope, String email, Bundle bundle) {
    return server
        .app()
        .orders()
        .place(scope, request(email, bundle.id(), null, null, bundle.requiredDomains().total()));
  }

  public static Bundle smallBundle(TestServer server, Scope scope) {
    return server
        .app()
        .bundles()
        .create(scope, new Bundles.NewBundle("Small", 2_000, null, null, false, 2, null, null));
  }

  static OrderRequest request(
      String email, String bundleId, Integer google, Integer microsoft, int domainCount) {
    List<OrderRequest.DomainEntry> domains =
        IntStream.range(0, domainCount)
            .mapToObj(
                i ->
                    new OrderRequest.DomainEntry(
                        "t" + SEQUENCE.incrementAndGet() + "-" + i + ".com",
                        null,
                        "domains[" + i + "]"))
            .toList();
    return new OrderRequest(
        new OrderRequest.Customer(null, email, null, null),
        bundleId,
        google,
        microsoft,
        null,
        new OrderRequest.Sequencer(
            SequencerProvider.SMARTLEAD, 366903, "login@example.com", "secret-password"),
        "https://example.com",
        domains,
        List.of(new Order.Persona("Sam", "Lee", null)));
  }
}
