package ai.peeker.bundles;

/**
 * How many domains a monthly sending volume needs. Reverse-engineered from the docs' two examples
 * (25,000 at 50/50 → 15 + 4; 100,000 at 70/30 → 80 + 10): a Google inbox sends 20 a day, a
 * Microsoft domain 150 a day (bundle sizing), over 22 working days or 30 with weekends.
 */
public final class Sizing {
  public static final int GOOGLE_SENDS_PER_INBOX_PER_DAY = 20;
  public static final int MICROSOFT_SENDS_PER_DOMAIN_PER_DAY = 150;
  public static final int RECOMMENDED_GOOGLE_PERCENT = 50;

  private Sizing() {}

  public record RequiredDomains(int google, int microsoft, int total) {}

  public static RequiredDomains required(
      long monthlyVolume, int googlePercent, boolean sendOnWeekends, int googleInboxesPerDomain) {
    int days = sendOnWeekends ? 30 : 22;
    int microsoftPercent = 100 - googlePercent;
    int google =
        (int)
            ceilDiv(
                monthlyVolume * googlePercent,
                100L * days * GOOGLE_SENDS_PER_INBOX_PER_DAY * googleInboxesPerDomain);
    int microsoft =
        (int)
            ceilDiv(
                monthlyVolume * microsoftPercent, 100L * days * MICROSOFT_SENDS_PER_DOMAIN_PER_DAY);
    return new RequiredDomains(google, microsoft, google + microsoft);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
