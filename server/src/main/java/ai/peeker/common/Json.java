package ai.peeker.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
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
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.TreeMap;

/**
 * The one JSON mapper: snake_case keys, strict input (unknown fields, duplicate keys, strings for
 * numbers and floats for integers are all refused), timestamps as second-precision UTC.
 */
public final class Json {
  private Json() {}

  public static final ObjectMapper MAPPER = create();

  private static ObjectMapper create() {
    var timestamps = new SimpleModule("peeker-time");
    timestamps.addSerializer(Instant.class, new InstantSerializer());
    ObjectMapper mapper =
        JsonMapper.builder()
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

  public static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
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
