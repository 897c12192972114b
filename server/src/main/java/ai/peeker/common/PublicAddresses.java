package ai.peeker.common;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which IP addresses an outbound request to a URL chosen by a partner may reach. Such URLs are
 * hostile input: pointed at loopback, a private network, link-local space or a cloud metadata
 * service they would make this server attack its own network (SSRF).
 */
public final class PublicAddresses {
  private PublicAddresses() {}

  /** True for globally routable unicast addresses only, cloud host services excepted. */
  public static boolean isPublic(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()
        || isCloudHostService(address)) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return publicV4(b);
    }
    InetAddress embedded = embeddedV4((Inet6Address) address);
    if (embedded != null) {
      return isPublic(embedded);
    }
    int first = b[0] & 0xff;
    if ((first & 0xfe) == 0xfc) {
      return false; // fc00::/7 unique local (includes AWS metadata fd00:ec2::254)
    }
    // 2001:db8::/32 documentation
    return !(first == 0x20
        && (b[1] & 0xff) == 0x01
        && (b[2] & 0xff) == 0x0d
        && (b[3] & 0xff) == 0xb8);
  }

  /**
   * True for link-local space and the cloud metadata services, which no webhook may reach, not even
   * a sandbox one aimed at a developer's own machine.
   */
  public static boolean isLinkLocalOrMetadata(InetAddress address) {
    if (address.isLinkLocalAddress() || isCloudHostService(address)) {
      return true;
    }
    if (address instanceof Inet6Address v6) {
      InetAddress embedded = embeddedV4(v6);
      return embedded != null && isLinkLocalOrMetadata(embedded);
    }
    return false;
  }

  /**
   * The services a cloud provider runs for its own machines outside link-local space: Azure's wire
   * server and DNS 168.63.129.16 (an ordinary-looking public address), Alibaba Cloud's metadata
   * 100.100.100.200, Oracle Cloud's metadata 192.0.0.192, and AWS's IPv6 metadata, DNS and time
   * services in fd00:ec2::/32. 169.254.169.254 (AWS, Azure, Google, Oracle, DigitalOcean, ...) and
   * AWS's 169.254.170.2 are link-local.
   */
  private static boolean isCloudHostService(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) {
      return (b[0] & 0xff) == 0xfd && b[1] == 0 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2;
    }
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    int a3 = b[3] & 0xff;
    return (a0 == 168 && a1 == 63 && a2 == 129 && a3 == 16)
        || (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200)
        || (a0 == 192 && a1 == 0 && a2 == 0 && a3 == 192);
  }

  private static boolean publicV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    return !(a0 == 0 // "this" network
        || a0 == 10
        || a0 == 127
        || (a0 == 100 && a1 >= 64 && a1 <= 127) // carrier-grade NAT
        || (a0 == 169 && a1 == 254) // link-local, cloud metadata
        || (a0 == 172 && a1 >= 16 && a1 <= 31)
        || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) // IETF protocol space, TEST-NET-1
        || (a0 == 192 && a1 == 168)
        || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
        || (a0 == 198 && a1 == 51 && a2 == 100) // TEST-NET-2
        || (a0 == 203 && a1 == 0 && a2 == 113) // TEST-NET-3
        || a0 >= 224); // multicast, reserved, broadcast
  }

  /** The IPv4 address inside a mapped, compatible, NAT64 or 6to4 IPv6 address, or null. */
  private static InetAddress embeddedV4(Inet6Address address) {
    byte[] b = address.getAddress();
    boolean zeroPrefix = true;
    for (int i = 0; i < 10; i++) {
      zeroPrefix &= b[i] == 0;
    }
    boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !allZero(b, 12, 16);
    boolean nat64 =
        (b[0] & 0xff) == 0
            && (b[1] & 0xff) == 0x64
            && (b[2] & 0xff) == 0xff
            && (b[3] & 0xff) == 0x9b
            && allZero(b, 4, 12);
    if (mapped || compatible || nat64) {
      return v4(b[12], b[13], b[14], b[15]);
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) { // 2002::/16, 6to4
      return v4(b[2], b[3], b[4], b[5]);
    }
    return null;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static InetAddress v4(byte a, byte b, byte c, byte d) {
    try {
      return InetAddress.getByAddress(new byte[] {a, b, c, d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }
}
