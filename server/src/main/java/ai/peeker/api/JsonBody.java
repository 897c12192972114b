package ai.peeker.api;

import ai.peeker.common.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body as a JSON object, refusing anything over {@link #MAX_BYTES} (413) and
 * anything that is not one well-formed JSON object (400). Counts bytes as they arrive, so a
 * chunked body without a Content-Length is capped too.
 */
public final class JsonBody {
  public static final int MAX_BYTES = 1 << 20;

  private JsonBody() {}

  /** The body as an object; an empty body is an error. */
  public static Fields object(Context ctx) {
    Fields fields = optionalObject(ctx);
    if (fields == null) {
      throw ApiError.invalid(null, "A JSON object body is required");
    }
    return fields;
  }

  /** The body as an object, or null when the request has no body at all. */
  public static Fields optionalObject(Context ctx) {
    byte[] bytes = read(ctx);
    if (isBlank(bytes)) {
      return null;
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (StreamConstraintsException e) {
      throw ApiError.invalid(null, "JSON is nested or sized beyond what this API accepts");
    } catch (JsonProcessingException e) {
      throw ApiError.invalid(null, malformed(e));
    } catch (IOException e) {
      throw ApiError.invalid(null, "Unreadable request body");
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiError.invalid(null, "The request body must be a JSON object");
    }
    return new Fields(object, "");
  }

  /** "Malformed JSON at line 1, column 37: Unexpected end-of-input", without parser internals. */
  private static String malformed(JsonProcessingException e) {
    String reason = e.getOriginalMessage();
    int noise = reason.indexOf(" (start marker");
    if (noise < 0) {
      noise = reason.indexOf("\n");
    }
    if (noise > 0) {
      reason = reason.substring(0, noise);
    }
    if (reason.length() > 200) {
      reason = reason.substring(0, 200) + "…";
    }
    var at = e.getLocation();
    return at == null
        ? "Malformed JSON: " + reason
        : "Malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + reason;
  }

  private static byte[] read(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BYTES) {
      throw ErrorEnvelope.fromStatus(413);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw ErrorEnvelope.fromStatus(413);
      }
      return bytes;
    } catch (IOException e) {
      throw ApiError.invalid(null, "Unreadable request body");
    }
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
