package ai.peeker.events;

import ai.peeker.common.PublicAddresses;
import ai.peeker.partners.Environment;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The rules an endpoint URL must meet when it is set. Live: https, and a host whose every address
 * is public. Sandbox: http or https, and loopback or private hosts are fine (a partner's own
 * receiver), but no link-local or metadata address. The dispatcher checks the addresses again on
 * every connection ({@link GuardedResolver}), because DNS answers change.
 */
final class WebhookUrls {
  private WebhookUrls() {}

  static String check(Environment environment, String raw) {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException("a webhook URL is required");
    }
    String url = raw.strip();
    if (url.length() > 2048) {
      throw new IllegalArgumentException("a webhook URL is at most 2048 characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("a webhook URL must be http(s)://…");
    }
    if (environment == Environment.LIVE && !scheme.equals("https")) {
      throw new IllegalArgumentException("live webhook URLs must use https");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("a webhook URL needs a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("a webhook URL must not carry credentials (user:pass@)");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("a webhook URL must not have a #fragment");
    }
    checkAddresses(environment, uri.getHost());
    return url;
  }

  private static void checkAddresses(Environment environment, String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    boolean literal = bare.contains(":") || bare.matches("[0-9.]+");
    if (environment == Environment.TEST && !literal) {
      return; // a sandbox receiver's name may resolve only where the server runs; checked at send
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(bare);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve " + host);
    }
    for (InetAddress address : addresses) {
      if (PublicAddresses.isLinkLocalOrMetadata(address)
          || (environment == Environment.LIVE && !PublicAddresses.isPublic(address))) {
        throw new IllegalArgumentException(
            (environment == Environment.LIVE ? "live" : "sandbox")
                + " webhook URLs must not point at "
                + (environment == Environment.LIVE
                    ? "loopback, private, link-local or metadata addresses"
                    : "link-local or metadata addresses")
                + " ("
                + host
                + " is "
                + address.getHostAddress()
                + ")");
      }
    }
  }
}
