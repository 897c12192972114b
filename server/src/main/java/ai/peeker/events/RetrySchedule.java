package ai.peeker.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a failed delivery is tried again: the pauses before attempts 2, 3, … (so at most {@code
 * delays.size() + 1} attempts), each stretched or shrunk by up to 20 % at random so that a partner
 * coming back from an outage is not hit by every retry in the same second. The whole schedule,
 * jitter included, fits in the 24 hours the contract promises.
 *
 * <p>Written as {@code 3m,18m,108m,648m} (units {@code ms}, {@code s}, {@code m}, {@code h}).
 */
public record RetrySchedule(List<Duration> delays) {
  public static final int MAX_ATTEMPTS = 5;
  public static final Duration WINDOW = Duration.ofHours(24);
  static final double JITTER = 0.2;
  private static final Pattern DELAY = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  /** Exponential (×6 per attempt): 3 min, 18 min, 1 h 48 min, 10 h 48 min; the last at ~13 h. */
  public static final RetrySchedule DEFAULT = parse("3m,18m,108m,648m");

  public RetrySchedule {
    delays = List.copyOf(delays);
    if (delays.isEmpty() || delays.size() > MAX_ATTEMPTS - 1) {
      throw new IllegalArgumentException(
          "a retry schedule has 1 to " + (MAX_ATTEMPTS - 1) + " delays (at most 5 attempts)");
    }
    Duration total = Duration.ZERO;
    for (Duration d : delays) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("retry delays must be positive");
      }
      total = total.plus(d);
    }
    if (total.toMillis() * (1 + JITTER) > WINDOW.toMillis()) {
      throw new IllegalArgumentException(
          "a retry schedule must fit in 24 hours with 20 % jitter; this one takes " + total);
    }
  }

  public static RetrySchedule parse(String text) {
    List<Duration> delays = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      Matcher m = DELAY.matcher(part.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "'" + part.strip() + "' is not a delay like 500ms, 30s, 5m or 2h");
      }
      long n = Long.parseLong(m.group(1));
      delays.add(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          });
    }
    return new RetrySchedule(delays);
  }

  public int maxAttempts() {
    return delays.size() + 1;
  }

  /**
   * When attempt {@code attempt + 1} is due after attempt {@code attempt} failed at {@code now}, or
   * empty when the delivery has had its attempts or its 24 hours since {@code createdAt}.
   */
  Optional<Instant> nextAttempt(int attempt, Instant createdAt, Instant now) {
    if (attempt < 1 || attempt >= maxAttempts()) {
      return Optional.empty();
    }
    long base = delays.get(attempt - 1).toMillis();
    double factor = 1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    Instant next = now.plusMillis(Math.max(1, Math.round(base * factor)));
    return next.isAfter(createdAt.plus(WINDOW)) ? Optional.empty() : Optional.of(next);
  }

  @Override
  public String toString() {
    return String.join(",", delays.stream().map(d -> d.toMillis() + "ms").toList());
  }
}
