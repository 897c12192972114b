package ai.peeker.api;

import ai.peeker.common.Change;
import ai.peeker.common.Json;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Binds a checked request body to a request record, and words every failure as one 400 naming the
 * field path ({@code domains[2].domain}). Stricter than the shared mapper: nothing is coerced into
 * a string or from a blank one, arrays hold no nulls, and {@link Change} tells an absent key from a
 * null one.
 */
final class JsonBinding {
  private static final ObjectMapper REQUESTS =
      ((JsonMapper) Json.MAPPER)
          .rebuild()
          .withCoercionConfigDefaults(
              c ->
                  c.setAcceptBlankAsEmpty(false)
                      .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
          .addModule(new SimpleModule().addDeserializer(Change.class, new Changes(null)))
          .build();

  private static final Map<JavaType, Collection<String>> KNOWN = new ConcurrentHashMap<>();

  private JsonBinding() {}

  /** {@code keys} (may be null) checks the keys sent, once unknown ones are refused. */
  static <T> T bind(ObjectNode body, Class<T> type, Consumer<ObjectNode> keys) {
    refuseUnknownKeys(body, REQUESTS.constructType(type), "");
    if (keys != null) {
      keys.accept(body);
    }
    try {
      return REQUESTS.treeToValue(body, type);
    } catch (JsonMappingException e) {
      throw refusal(body, e);
    } catch (IOException e) {
      throw ApiError.invalid(null, "The request body could not be read");
    }
  }

  private static ApiError refusal(JsonNode body, JsonMappingException e) {
    String path = "";
    JsonNode at = body;
    for (JsonMappingException.Reference ref : e.getPath()) {
      String name = ref.getFieldName();
      path = name == null ? path + "[" + ref.getIndex() + "]" : FieldError.join(path, name);
      at = name == null ? at.path(ref.getIndex()) : at.path(name);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApiError rule) {
        // a record's own check ran before Jackson reached the record's unknown keys: those first
        if (e instanceof ValueInstantiationException record) {
          refuseUnknownKeys(at, record.getType(), path);
        }
        return rule instanceof FieldError f
            ? new FieldError(FieldError.join(path, f.field()), f.problem())
            : new ApiError(
                rule.status(),
                rule.code(),
                rule.getMessage(),
                FieldError.join(path, rule.field()),
                rule.details());
      }
    }
    if (e instanceof UnrecognizedPropertyException) {
      return ApiError.invalid(path, "Unknown field '" + path + "'");
    }
    return new FieldError(path, "must be " + expected(e));
  }

  /** Names the first key of {@code object} that {@code type} does not declare. */
  private static void refuseUnknownKeys(JsonNode object, JavaType type, String path) {
    Collection<String> known =
        KNOWN.computeIfAbsent(
            type,
            t ->
                REQUESTS.getDeserializationConfig().introspect(t).findProperties().stream()
                    .filter(BeanPropertyDefinition::hasConstructorParameter)
                    .map(BeanPropertyDefinition::getName)
                    .toList());
    for (Map.Entry<String, JsonNode> key : object.properties()) {
      if (!known.contains(key.getKey())) {
        String field = FieldError.join(path, key.getKey());
        throw ApiError.invalid(field, "Unknown field '" + field + "'");
      }
    }
  }

  private static String expected(JsonMappingException e) {
    Class<?> type =
        e instanceof MismatchedInputException m
            ? m.getTargetType()
            : e.getCause() instanceof InputCoercionException c ? c.getTargetType() : null;
    if (type == null) {
      return "a valid value";
    } else if (type == String.class) {
      return "a string";
    } else if (type == Boolean.class) {
      return "true or false";
    } else if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "an integer"; // request bodies carry no fractions
    } else if (Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
    return description == null ? "an object" : description.value();
  }

  /** Reads a {@code Change<T>}: an absent key keeps, null sets null, a value sets it. */
  private static final class Changes extends StdDeserializer<Change<?>>
      implements ContextualDeserializer {
    private final JsonDeserializer<Object> value;

    Changes(JsonDeserializer<Object> value) {
      super(Change.class);
      this.value = value;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
        throws JsonMappingException {
      JavaType type = property.getType().containedType(0);
      // the value's own property, so that "no null in an array" knows the entries' type
      return new Changes(
          ctxt.findContextualValueDeserializer(
              type,
              new BeanProperty.Std(
                  property.getFullName(),
                  type,
                  property.getWrapperName(),
                  property.getMember(),
                  property.getMetadata())));
    }

    @Override
    public Change<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return Change.to(value.deserialize(p, ctxt));
    }

    @Override
    public Change<?> getNullValue(DeserializationContext ctxt) {
      return Change.to(null);
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
      return Change.keep();
    }
  }
}
