package ai.peeker.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.TreeMap;

/**
 * The one JSON mapper: snake_case keys, strict input (unknown fields, duplicate keys, strings for
 * numbers and floats for integers are all refused), timestamps as second-precision UTC.
 */
public final class Json {
  private Json() {}

  /**
   * {@code rows} as a list that Jackson writes from the JSON made of it the first time it was
   * written: for pages a node keeps and serves many times over. Written with {@link #MAPPER}, as
   * every response is.
   */
  public static <T> java.util.List<T> renderedOnce(java.util.List<T> rows) {
    return new RenderedOnce<>(java.util.List.copyOf(rows));
  }

  private static final class RenderedOnce<T> extends java.util.AbstractList<T>
      implements com.fasterxml.jackson.databind.JsonSerializable, java.util.RandomAccess {
    private final java.util.List<T> rows;
    private volatile String json;

    RenderedOnce(java.util.List<T> rows) {
      this.rows = rows;
    }

    @Override
    public T get(int index) {
      return rows.get(index);
    }

    @Override
    public int size() {
      return rows.size();
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
      String written = json;
      if (written == null) {
        written = MAPPER.writeValueAsString(rows); // two threads may both write it: same text
        json = written;
      }
      gen.writeRawValue(written);
    }

    @Override
    public void serializeWithType(
        JsonGenerator gen,
        SerializerProvider serializers,
        com.fasterxml.jackson.databind.jsontype.TypeSerializer typeSer)
        throws IOException {
      serialize(gen, serializers);
    }
  }

  public static final ObjectMapper MAPPER = create();

  private static ObjectMapper create() {
    var timestamps = new SimpleModule("peeker-time");
    timestamps.addSerializer(Instant.class, new InstantSerializer());
    ObjectMapper mapper =
        JsonMapper.builder(
                JsonFactory.builder()
                    // Jackson keeps its text buffers per thread by default; each request runs on
                    // a virtual thread of its own, so every response allocated them afresh
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .addModule(timestamps)
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build());
    return mapper;
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass(), e);
    }
  }

  /**
   * {@code value} with every object's keys sorted, written compactly: two bodies that parse to the
   * same JSON give the same text, whatever their key order and whitespace.
   */
  public static String canonical(JsonNode value) {
    return write(sorted(value));
  }

  private static JsonNode sorted(JsonNode value) {
    if (value.isObject()) {
      ObjectNode copy = MAPPER.createObjectNode();
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      value.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
      fields.forEach((name, child) -> copy.set(name, sorted(child)));
      return copy;
    }
    if (value.isArray()) {
      ArrayNode copy = MAPPER.createArrayNode();
      value.forEach(child -> copy.add(sorted(child)));
      return copy;
    }
    return value;
  }

  /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years written with four digits. */
  private static final long FOUR_DIGIT_YEARS_FROM = -62135596800L;

  private static final long FOUR_DIGIT_YEARS_UNTIL = 253402300800L;

  /**
   * {@code 2026-11-30T15:04:05Z}: the instant in UTC to the second, as {@link
   * DateTimeFormatter#ISO_INSTANT} writes it. Written by hand for four-digit years, the ones there
   * are: the formatter costs a print context and a builder per call, and a list page writes two
   * timestamps a row.
   */
  public static String timestamp(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < FOUR_DIGIT_YEARS_FROM || seconds >= FOUR_DIGIT_YEARS_UNTIL) {
      return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    byte[] text = {
      '0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0',
      'Z'
    };
    digits(text, 0, 4, t.getYear());
    digits(text, 5, 2, t.getMonthValue());
    digits(text, 8, 2, t.getDayOfMonth());
    digits(text, 11, 2, t.getHour());
    digits(text, 14, 2, t.getMinute());
    digits(text, 17, 2, t.getSecond());
    return new String(text, StandardCharsets.US_ASCII);
  }

  private static void digits(byte[] text, int at, int width, int value) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  private static final class InstantSerializer extends StdSerializer<Instant> {
    InstantSerializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(timestamp(value));
    }
  }
}
