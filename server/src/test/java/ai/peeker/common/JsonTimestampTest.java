package ai.peeker.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Timestamps on the wire are exactly what {@link DateTimeFormatter#ISO_INSTANT} writes. */
class JsonTimestampTest {
  private static String iso(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z",
        "2026-11-30T15:04:05.987654321Z",
        "2024-02-29T23:59:59Z",
        "0001-01-01T00:00:00Z",
        "0000-12-31T23:59:59Z",
        "9999-12-31T23:59:59.5Z",
        "+10000-01-01T00:00:00Z",
        "-0001-06-01T12:00:00Z"
      })
  void boundaries_and_leap_days_match_the_iso_formatter(String text) {
    Instant instant = Instant.parse(text);
    assertThat(Json.timestamp(instant)).isEqualTo(iso(instant));
  }

  @Test
  void a_hundred_thousand_random_instants_match_the_iso_formatter() {
    SplittableRandom random = new SplittableRandom(42);
    long from = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    long until = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(random.nextLong(from, until), random.nextInt(1_000_000_000));
      assertThat(Json.timestamp(instant)).as("%s", instant).isEqualTo(iso(instant));
    }
  }

  @Test
  void the_mapper_writes_instants_the_same_way() {
    Instant instant = Instant.parse("2026-11-30T15:04:05.5Z");
    assertThat(Json.write(instant)).isEqualTo("\"2026-11-30T15:04:05Z\"");
  }
}
