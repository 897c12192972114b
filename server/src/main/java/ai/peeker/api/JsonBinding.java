package ai.peeker.api;

import ai.peeker.common.Change;
import ai.peeker.common.Json;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Binds a checked request body to a request record, and turns every binding failure into one 400
 * naming the field path ({@code domains[2].domain}) in plain words. Requests are read stricter
 * than the shared mapper: no value is coerced into a string either, arrays hold no nulls, and a
 * {@link Change} field tells an absent key from a null one.
 */
final class JsonBinding {
  private static final ObjectMapper REQUESTS =
      ((JsonMapper) Json.MAPPER)
          .rebuild()
          .withCoercionConfigDefaults(
              c -> {
                c.setAcceptBlankAsEmpty(false);
                c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
              })
          .withCoercionConfig(
              LogicalType.Textual,
              c -> {
                c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
              })
          .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
          .addModule(
              new SimpleModule("peeker-requests")
                  .addDeserializer(Change.class, new Changes())
                  .setDeserializerModifier(
                      new BeanDeserializerModifier() {
                        @Override
                        public JsonDeserializer<?> modifyDeserializer(
                            DeserializationConfig config,
                            BeanDescription record,
                            JsonDeserializer<?> deserializer) {
                          return deserializer instanceof BeanDeserializerBase
                              ? new KnownFieldsFirst(deserializer)
                              : deserializer;
                        }
                      }))
          .build();

  private static final String KEYS = "peeker.keys";

  private JsonBinding() {}

  /**
   * Binds {@code body} to {@code type}. {@code keys} (may be null) checks which keys are sent, once
   * unknown keys are refused and before any value is read.
   */
  static <T> T bind(ObjectNode body, Class<T> type, Consumer<ObjectNode> keys) {
    try {
      return REQUESTS.readerFor(type).withAttribute(KEYS, keys).readValue(body);
    } catch (JsonMappingException e) {
      throw refusal(e);
    } catch (IOException e) {
      throw ApiError.invalid(null, "The request body could not be read");
    }
  }

  private static ApiError refusal(JsonMappingException e) {
    StringBuilder at = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        at.append(at.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else {
        at.append('[').append(ref.getIndex()).append(']');
      }
    }
    String path = at.toString();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApiError rule) {
        return rule.at(path); // a record's own check, naming its field
      }
    }
    if (path.isEmpty()) {
      return ApiError.invalid(null, "The request body must be a JSON object");
    }
    if (e instanceof UnrecognizedPropertyException) {
      return ApiError.invalid(path, "Unknown field '" + path + "'");
    }
    return new FieldError(path, "must be " + expected(e));
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

  /**
   * Refuses an unknown key before the record's constructor runs (Jackson would report it after),
   * so a misspelt field is named rather than the required one it was meant to be; then runs the
   * root's key check.
   */
  private static final class KnownFieldsFirst extends DelegatingDeserializer {
    KnownFieldsFirst(JsonDeserializer<?> record) {
      super(record);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> record) {
      return new KnownFieldsFirst(record);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartObjectToken()) {
        return super.deserialize(p, ctxt);
      }
      JsonNode object = ctxt.readTree(p);
      Collection<Object> known = ((BeanDeserializerBase) _delegatee).getKnownPropertyNames();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (!known.contains(field.getKey())) {
          throw UnrecognizedPropertyException.from(p, handledType(), field.getKey(), known);
        }
      }
      if (p.getParsingContext().inRoot() && ctxt.getAttribute(KEYS) instanceof Consumer<?> keys) {
        @SuppressWarnings("unchecked")
        var check = (Consumer<ObjectNode>) keys;
        check.accept((ObjectNode) object);
      }
      JsonParser fields = object.traverse(p.getCodec());
      fields.nextToken();
      return super.deserialize(fields, ctxt);
    }
  }

  /** Reads a {@code Change<T>}: an absent key keeps, null sets null, a value sets it. */
  private static final class Changes extends StdDeserializer<Change<?>>
      implements ContextualDeserializer {
    private final JsonDeserializer<Object> value;

    Changes() {
      this(null);
    }

    private Changes(JsonDeserializer<Object> value) {
      super(Change.class);
      this.value = value;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
        throws JsonMappingException {
      JavaType type = (property == null ? ctxt.getContextualType() : property.getType());
      type = type.containedType(0);
      // the value's own property, so that rules such as "no null in an array" know its type
      BeanProperty value =
          property == null
              ? null
              : new BeanProperty.Std(
                  property.getFullName(),
                  type,
                  property.getWrapperName(),
                  property.getMember(),
                  property.getMetadata());
      return new Changes(ctxt.findContextualValueDeserializer(type, value));
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
