package ai.peeker.provisioning;

import ai.peeker.common.PublicAddresses;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a persona picture URL is a public http(s) URL a mail provider could fetch.
 * Outbound URLs are hostile input: loopback, private, link-local, carrier-grade NAT and cloud
 * metadata addresses are refused, in literal form (including decimal and hex IPv4 spellings) and,
 * when {@code resolveNames} is on (live), after resolving the host once.
 */
final class PictureUrls {
  /** A host whose last label is a number: an IPv4 address in some spelling, never a name. */
  private static final Pattern NUMERIC_HOST = Pattern.compile(".*(^|\\.)(\\d+|0x[0-9a-f]*)");

  private static final List<String> LOCAL_SUFFIXES =
      List.of(".localhost", ".local", ".internal", ".localdomain", ".home.arpa");

  private final boolean resolveNames;

  PictureUrls(boolean resolveNames) {
    this.resolveNames = resolveNames;
  }

  /** True for no picture at all: null or blank means the inbox simply has none. */
  static boolean absent(String url) {
    return url == null || url.isBlank();
  }

  /** True when {@code url} is a public http(s) URL. */
  boolean isPublic(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return false;
    }
    String host = uri.getHost();
    if (host == null || host.isBlank() || uri.getUserInfo() != null) {
      return false;
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      return literalIsPublic(host.substring(1, host.length() - 1));
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (NUMERIC_HOST.matcher(host).matches()) {
      // 127.0.0.1, 2130706433, 0x7f.1, 010.0.0.1: only a plain public dotted quad passes
      return host.matches("([1-9]\\d{0,2}|0)(\\.([1-9]\\d{0,2}|0)){3}") && literalIsPublic(host);
    }
    if (host.equals("localhost") || !host.contains(".")) {
      return false;
    }
    for (String suffix : LOCAL_SUFFIXES) {
      if (host.endsWith(suffix)) {
        return false;
      }
    }
    return !resolveNames || resolvesToPublic(host);
  }

  private static boolean literalIsPublic(String literal) {
    try {
      // a literal address: getByName parses it without any lookup
      return isPublic(InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean resolvesToPublic(String host) {
    try {
      InetAddress[] all = InetAddress.getAllByName(IDN.toASCII(host));
      for (InetAddress a : all) {
        if (!isPublic(a)) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The same guard as webhook URLs: see {@link PublicAddresses}. */
  static boolean isPublic(InetAddress a) {
    return PublicAddresses.isPublic(a);
  }
}
