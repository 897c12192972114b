package ai.peeker.portal;

import ai.peeker.common.WireValue;
import ai.peeker.partners.Environment;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the templates print values: times in UTC, money in dollars, states in words. */
public final class Show {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Show() {}

  public static String time(Instant at) {
    return at == null ? "—" : TIME.format(at);
  }

  public static String money(long cents, String currency) {
    return String.format(Locale.ROOT, "%,.2f %s", cents / 100.0, currency.toUpperCase(Locale.ROOT));
  }

  public static String wire(WireValue value) {
    return value == null ? "—" : value.wire();
  }

  /** "in progress" for {@code in_progress}. */
  public static String words(WireValue value) {
    return value == null ? "—" : value.wire().replace('_', ' ');
  }

  public static String envName(Environment environment) {
    return switch (environment) {
      case TEST -> "Sandbox";
      case LIVE -> "Live";
    };
  }

  public static String text(Object value) {
    return value == null ? "—" : value.toString();
  }
}
