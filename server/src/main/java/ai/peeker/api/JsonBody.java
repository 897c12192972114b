package ai.peeker.api;

import ai.peeker.common.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a request body as a JSON object and binds it to a request record. In order: over {@link
 * #MAX_BYTES} is a 413; a body that is not {@code application/json} (optionally {@code ;
 * charset=utf-8}) or that carries a {@code Content-Encoding} is a 415; bytes that are not strict
 * UTF-8, anything that is not one well-formed JSON object, and any string or key with a control
 * character are a 400. Every endpoint that reads a body gets these rules, then {@link
 * JsonBinding}'s, then its record's own. Counts bytes as they arrive, so a chunked body without a
 * Content-Length is capped too.
 */
public final class JsonBody {
  public static final int MAX_BYTES = 1 << 20;

  /** How much of an oversized body is read and dropped so the 413 reaches the client. */
  private static final long DRAIN_LIMIT = 16L * MAX_BYTES;

  private JsonBody() {}

  /** The body bound to {@code type}; an empty body is an error. */
  public static <T> T object(Context ctx, Class<T> type) {
    return bind(object(ctx), type, null);
  }

  /** The body bound to {@code type}, or null when the request has no body at all. */
  public static <T> T optionalObject(Context ctx, Class<T> type) {
    ObjectNode body = tree(ctx);
    return body == null ? null : bind(body, type, null);
  }

  /** The checked body as a tree, e.g. to fingerprint it; {@link #bind} then reads it. */
  public static ObjectNode object(Context ctx) {
    ObjectNode body = tree(ctx);
    if (body == null) {
      throw ApiError.invalid(null, "A JSON object body is required");
    }
    return body;
  }

  /**
   * Binds a tree read by {@link #object(Context)}; {@code keys} (may be null) checks the keys sent,
   * e.g. for shapes that conflict, after unknown ones are refused and before any value is read.
   */
  public static <T> T bind(ObjectNode body, Class<T> type, Consumer<ObjectNode> keys) {
    return JsonBinding.bind(body, type, keys);
  }

  private static ObjectNode tree(Context ctx) {
    byte[] bytes = read(ctx);
    if (bytes.length == 0) {
      return null;
    }
    requireJsonMediaType(ctx);
    String text = StrictUtf8.decode(bytes);
    if (text.isBlank()) {
      return null;
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(text);
    } catch (StreamConstraintsException e) {
      throw ApiError.invalid(null, "JSON is nested or sized beyond what this API accepts");
    } catch (JsonProcessingException e) {
      throw ApiError.invalid(null, JsonSyntax.describe(e));
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiError.invalid(null, "The request body must be a JSON object");
    }
    refuseUnsafeText(object, "");
    return object;
  }

  /** Walks every key and string in document order; the first bad one is named by its path. */
  private static void refuseUnsafeText(JsonNode node, String path) {
    if (node.isTextual()) {
      String problem = TextRules.problem(node.textValue());
      if (problem != null) {
        throw ApiError.invalid(path, "'" + path + "' " + problem);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        String child = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
        String problem = TextRules.problem(entry.getKey());
        if (problem != null) {
          throw ApiError.invalid(child, "The field name '" + child + "' " + problem);
        }
        refuseUnsafeText(entry.getValue(), child);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        refuseUnsafeText(node.get(i), path + "[" + i + "]");
      }
    }
  }

  private static void requireJsonMediaType(Context ctx) {
    for (String encoding : headers(ctx, "Content-Encoding")) {
      for (String coding : encoding.split(",", -1)) {
        if (!coding.strip().equalsIgnoreCase("identity")) {
          throw unsupported("Content-Encoding is not supported; send the body uncompressed");
        }
      }
    }
    List<String> types = headers(ctx, "Content-Type");
    if (types.size() != 1 || !isJson(types.get(0))) {
      throw unsupported("Send the body as Content-Type: application/json (UTF-8)");
    }
  }

  /** {@code application/json}, with at most a {@code charset=utf-8} parameter, in any case. */
  static boolean isJson(String contentType) {
    String[] parts = contentType.split(";", -1);
    if (!parts[0].strip().equalsIgnoreCase("application/json") || parts.length > 2) {
      return false;
    }
    if (parts.length == 1) {
      return true;
    }
    String parameter = parts[1].strip();
    int eq = parameter.indexOf('=');
    if (eq < 0 || !parameter.substring(0, eq).strip().equalsIgnoreCase("charset")) {
      return false;
    }
    String charset = parameter.substring(eq + 1).strip();
    if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) {
      charset = charset.substring(1, charset.length() - 1);
    }
    return charset.equalsIgnoreCase("utf-8");
  }

  private static List<String> headers(Context ctx, String name) {
    return Collections.list(ctx.req().getHeaders(name));
  }

  private static ApiError unsupported(String message) {
    return new ApiError(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, message, null, null);
  }

  private static byte[] read(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > DRAIN_LIMIT) {
      throw ErrorEnvelope.fromStatus(413);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        drain(in);
        throw ErrorEnvelope.fromStatus(413);
      }
      return bytes;
    } catch (IOException e) {
      throw ApiError.invalid(null, "Unreadable request body");
    }
  }

  /**
   * Reads and drops the rest of an oversized body (up to {@link #DRAIN_LIMIT}) before the 413 is
   * sent. Closing a connection with unread bytes makes the kernel reset it, and a client still
   * sending would lose the 413 with the reset; beyond the limit the connection is closed anyway.
   */
  private static void drain(InputStream in) throws IOException {
    byte[] sink = new byte[64 * 1024];
    long left = DRAIN_LIMIT;
    int n;
    while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
      left -= n;
    }
  }
}
