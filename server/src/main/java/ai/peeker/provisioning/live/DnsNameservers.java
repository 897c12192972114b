package ai.peeker.provisioning.live;

import ai.peeker.domains.imports.NameserverCheck;
import ai.peeker.partners.Scope;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Live nameserver checks against real DNS (dnsjava): a domain is pointed when its NS records are
 * exactly its zone's nameservers. The resolvers are configurable ({@code PEEKER_DNS_RESOLVERS};
 * unset: the system's), each query bounded by a timeout; no answer counts as "not yet".
 */
public final class DnsNameservers implements NameserverCheck {
  private static final Logger log = LoggerFactory.getLogger(DnsNameservers.class);

  private final List<String> servers;
  private final Duration timeout;
  private volatile Resolver resolver;

  /** {@code servers}: {@code host} or {@code host:port} entries; empty means the system's. */
  public DnsNameservers(List<String> servers, Duration timeout) {
    this.servers = List.copyOf(servers);
    this.timeout = timeout;
  }

  @Override
  public Result check(Scope scope, String domain, List<String> nameservers) {
    Name name;
    try {
      name = Name.fromString(domain + ".");
    } catch (TextParseException e) {
      return Result.REJECTED;
    }
    Lookup lookup = new Lookup(name, Type.NS);
    lookup.setResolver(resolver());
    lookup.setCache(null);
    Record[] answer = lookup.run();
    if (lookup.getResult() != Lookup.SUCCESSFUL || answer == null) {
      log.debug("NS of {}: {}", domain, lookup.getErrorString());
      return Result.NOT_YET;
    }
    Set<String> found = new HashSet<>();
    for (Record r : answer) {
      if (r instanceof NSRecord ns) {
        found.add(bare(ns.getTarget().toString()));
      }
    }
    Set<String> wanted = new HashSet<>();
    nameservers.forEach(n -> wanted.add(bare(n)));
    return found.equals(wanted) ? Result.POINTED : Result.NOT_YET;
  }

  private Resolver resolver() {
    Resolver r = resolver;
    if (r == null) {
      r = build();
      resolver = r;
    }
    return r;
  }

  private Resolver build() {
    ExtendedResolver r;
    if (servers.isEmpty()) {
      r = new ExtendedResolver();
    } else {
      List<Resolver> each = new ArrayList<>();
      for (String server : servers) {
        int colon = server.lastIndexOf(':');
        InetSocketAddress address =
            colon > 0
                ? new InetSocketAddress(
                    server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)))
                : new InetSocketAddress(server, 53);
        each.add(new SimpleResolver(address));
      }
      r = new ExtendedResolver(each);
    }
    r.setTimeout(timeout);
    r.setRetries(1);
    return r;
  }

  private static String bare(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
