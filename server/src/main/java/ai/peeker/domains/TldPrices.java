package ai.peeker.domains;

import java.util.Map;

/** Registration and renewal prices (cents) by top-level domain, as the sandbox registrar quotes. */
public final class TldPrices {
  public record Price(long registrationCents, long renewalCents) {}

  private static final Map<String, Price> PRICES =
      Map.of(
          "com", new Price(1300, 1500),
          "net", new Price(1400, 1600),
          "org", new Price(1200, 1400),
          "co", new Price(2900, 2900),
          "io", new Price(3900, 3900),
          "ai", new Price(7900, 7900),
          "info", new Price(500, 2200));

  private static final Price OTHER = new Price(1800, 2000);

  private TldPrices() {}

  public static Price of(String domain) {
    String tld = domain.substring(domain.lastIndexOf('.') + 1);
    return PRICES.getOrDefault(tld, OTHER);
  }
}
