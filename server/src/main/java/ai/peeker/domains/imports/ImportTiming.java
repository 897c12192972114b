package ai.peeker.domains.imports;

import java.time.Duration;

/**
 * When nameserver checks run. Sandbox imports are checked every {@code sandboxEvery} and give up
 * after {@code sandboxGiveUp}; live ones a minute after the import, then less often (up to an hour
 * apart), raise {@code action_required} after an hour and give up after 7 days.
 */
public record ImportTiming(Duration sandboxEvery, Duration sandboxGiveUp) {
  public static final Duration LIVE_FIRST = Duration.ofMinutes(1);
  public static final Duration LIVE_LONGEST = Duration.ofHours(1);
  public static final Duration LIVE_GRACE = Duration.ofHours(1);
  public static final Duration LIVE_GIVE_UP = Duration.ofDays(7);
}
