package ai.peeker.events;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Resolves a webhook host once and hands the HTTP client exactly the addresses it checked, so a DNS
 * answer that changes between the check and the connect (rebinding) cannot slip a private address
 * past the check. A host with any refused address is refused as a whole.
 */
final class GuardedResolver implements SocketAddressResolver, AutoCloseable {
  private final Predicate<InetAddress> allowed;
  private final String refusedWhat;
  private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();

  GuardedResolver(Predicate<InetAddress> allowed, String refusedWhat) {
    this.allowed = allowed;
    this.refusedWhat = refusedWhat;
  }

  @Override
  public void resolve(
      String host,
      int port,
      Map<String, Object> context,
      Promise<List<InetSocketAddress>> promise) {
    lookups.execute(
        () -> {
          try {
            List<InetSocketAddress> checked = new ArrayList<>();
            for (InetAddress address : InetAddress.getAllByName(host)) {
              if (!allowed.test(address)) {
                promise.failed(
                    new RefusedAddress(
                        host + " resolves to " + address.getHostAddress() + ", " + refusedWhat));
                return;
              }
              checked.add(new InetSocketAddress(address, port));
            }
            promise.succeeded(checked);
          } catch (UnknownHostException e) {
            promise.failed(new UnknownHostException("cannot resolve " + host));
          } catch (RuntimeException e) {
            promise.failed(e);
          }
        });
  }

  @Override
  public void close() {
    lookups.shutdownNow();
  }

  /** A webhook host that resolves to an address this environment may not reach. */
  static final class RefusedAddress extends Exception {
    RefusedAddress(String message) {
      super(message);
    }
  }
}
