package ai.peeker.orders;

/**
 * What an order costs per month: Google and Microsoft licenses at a configured unit price, and each
 * bought (not imported) domain at its registration price. Cents, one currency.
 */
public record PriceBook(long googleLicenseCents, long microsoftLicenseCents, String currency) {
  /** The docs' example prices: 100 cents a Google license, 900 a Microsoft license. */
  public static final PriceBook DEFAULT = new PriceBook(100, 900, "usd");
}
