package ai.peeker.provisioning;

/**
 * One DNS record. {@code name} is relative to the zone ({@code @} for the apex, {@code _dmarc},
 * {@code google._domainkey}); {@code priority} is set for MX records only.
 */
public record DnsRecord(String type, String name, String content, Integer priority) {
  public static DnsRecord mx(String host, int priority) {
    return new DnsRecord("MX", "@", host, priority);
  }

  public static DnsRecord txt(String name, String content) {
    return new DnsRecord("TXT", name, content, null);
  }

  public static DnsRecord cname(String name, String target) {
    return new DnsRecord("CNAME", name, target, null);
  }
}
