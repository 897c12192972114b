package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.common.Json;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape of a {@code PEEKER_LOG_FORMAT=json} line, field by field. */
class JsonLogEncoderTest {
  private final Logger logger = new LoggerContext().getLogger("ai.peeker.orders");

  @Test
  void a_line_has_the_request_id_at_the_top_and_the_exception_as_its_stack_trace()
      throws Exception {
    LoggingEvent event =
        new LoggingEvent(
            Logger.class.getName(),
            logger,
            Level.ERROR,
            "order {} failed: \"{}\"",
            new IllegalStateException("provider said\nno"),
            new Object[] {"ord_1", "tab\there"});
    event.setMDCPropertyMap(Map.of("request_id", "req_01", "job", "a\"b"));
    String text = new String(new JsonLogEncoder().encode(event), StandardCharsets.UTF_8);
    assertThat(text).endsWith("}\n").containsOnlyOnce("\n");
    JsonNode line = Json.MAPPER.readTree(text);
    assertThat(line.properties().stream().map(Map.Entry::getKey))
        .containsExactly(
            "timestamp",
            "level",
            "threadName",
            "loggerName",
            "request_id",
            "mdc",
            "formattedMessage",
            "stack_trace");
    assertThat(line.path("timestamp").asLong()).isEqualTo(event.getTimeStamp());
    assertThat(line.path("level").asText()).isEqualTo("ERROR");
    assertThat(line.path("threadName").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(line.path("loggerName").asText()).isEqualTo("ai.peeker.orders");
    assertThat(line.path("request_id").asText()).isEqualTo("req_01");
    assertThat(line.path("mdc").path("job").asText()).isEqualTo("a\"b");
    assertThat(line.path("mdc").has("request_id")).isFalse();
    assertThat(line.path("formattedMessage").asText())
        .isEqualTo("order ord_1 failed: \"tab\there\"");
    assertThat(line.path("stack_trace").asText())
        .startsWith("java.lang.IllegalStateException: provider said\nno\n\tat ")
        .contains(JsonLogEncoderTest.class.getName());
  }

  @Test
  void a_line_outside_a_request_has_no_request_id_and_no_mdc() throws Exception {
    LoggingEvent event =
        new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "started", null, null);
    event.setMDCPropertyMap(Map.of());
    JsonNode line = Json.MAPPER.readTree(new JsonLogEncoder().encode(event));
    assertThat(line.properties().stream().map(Map.Entry::getKey))
        .containsExactly("timestamp", "level", "threadName", "loggerName", "formattedMessage");
    assertThat(line.path("formattedMessage").asText()).isEqualTo("started");
  }
}
