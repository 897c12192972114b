package ai.peeker.api;

import ai.peeker.common.Json;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a request body as UTF-8, refusing what a lenient decoder would quietly repair or
 * reinterpret: overlong forms ({@code C0 AF} for {@code /}), encoded surrogates, truncated
 * sequences and bytes that are never UTF-8. The JSON parser's own decoding accepts some of these,
 * so the body is decoded here first and parsed as text.
 */
final class StrictUtf8 {
  private StrictUtf8() {}

  /** The body as text; a 400 naming the JSON field that holds the first invalid byte, if any. */
  static String decode(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    // UTF-8 never yields more chars than bytes, and each invalid sequence below is one byte or more
    CharBuffer out = CharBuffer.allocate(bytes.length);
    List<Integer> invalidAt = new ArrayList<>();
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isUnderflow()) {
        break;
      }
      if (!result.isError()) {
        throw new IllegalStateException("UTF-8 decoding overflowed: " + result);
      }
      invalidAt.add(out.position());
      out.put('\uFFFD');
      in.position(in.position() + result.length());
    }
    String text = out.flip().toString();
    if (invalidAt.isEmpty()) {
      return text;
    }
    String field = fieldAt(text, invalidAt);
    throw field == null
        ? ApiError.invalid(null, "The request body is not valid UTF-8")
        : ApiError.invalid(field, "'" + field + "' is not valid UTF-8");
  }

  /** The path of the JSON string or key holding the first invalid sequence, when it parses. */
  private static String fieldAt(String text, List<Integer> invalidAt) {
    int first = invalidAt.get(0);
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token != JsonToken.VALUE_STRING && token != JsonToken.FIELD_NAME) {
          continue;
        }
        long start = parser.currentTokenLocation().getCharOffset();
        parser.getText(); // reads the whole string, so the location below is its end
        long end = parser.currentLocation().getCharOffset();
        if (start > first) {
          return null;
        }
        if (first < end) {
          return path(parser.getParsingContext());
        }
      }
    } catch (IOException e) {
      // the invalid bytes broke the JSON itself: no field to name
    }
    return null;
  }

  /** {@code personas[0].first_name}, as {@link Fields} names paths. */
  static String path(JsonStreamContext context) {
    if (context == null || context.inRoot()) {
      return "";
    }
    String parent = path(context.getParent());
    if (context.inArray()) {
      return parent + "[" + context.getCurrentIndex() + "]";
    }
    String name = context.getCurrentName();
    return parent.isEmpty() ? name : parent + "." + name;
  }
}
