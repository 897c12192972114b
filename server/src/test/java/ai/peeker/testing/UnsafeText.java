package ai.peeker.testing;

import ai.peeker.common.Json;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Generates, from one valid request body, a body per string leaf and kind of bad text: the leaf
 * becomes {@code "a<bad>b"}, where {@code <bad>} is a NUL, another control character, an unpaired
 * surrogate escape or bytes that are not UTF-8. Every generated body names the field the server
 * must refuse, in the server's own path notation ({@code personas[0].first_name}).
 */
public final class UnsafeText {
  /** Stands in for the bad bytes while the body is written; U+E000 is EE 80 80 in UTF-8. */
  private static final String MARKER = "\uE000";

  private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.UTF_8);

  /** What replaces the marker, as JSON text bytes. */
  public static final List<Kind> NUL = List.of(new Kind("NUL", ascii("\\u0000")));

  public static final List<Kind> CONTROLS =
      List.of(
          new Kind("SOH", ascii("\\u0001")),
          new Kind("tab", ascii("\\t")),
          new Kind("newline", ascii("\\n")),
          new Kind("carriage return", ascii("\\r")),
          new Kind("escape", ascii("\\u001b")),
          new Kind("unit separator", ascii("\\u001F")),
          new Kind("DEL", new byte[] {0x7f}),
          new Kind("escaped DEL", ascii("\\u007f")),
          new Kind("lone high surrogate", ascii("\\ud800")),
          new Kind("lone low surrogate", ascii("\\udc00")));

  public static final List<Kind> INVALID_UTF8 =
      List.of(
          new Kind("overlong '/' C0 AF", hex("c0af")),
          new Kind("encoded surrogate ED A0 80", hex("eda080")),
          new Kind("byte FF", hex("ff")),
          new Kind("truncated E2 82", hex("e282")),
          new Kind("lone continuation 80", hex("80")),
          new Kind("overlong NUL C0 80", hex("c080")),
          new Kind("beyond U+10FFFF F4 90 80 80", hex("f4908080")));

  private UnsafeText() {}

  /** One kind of bad text and the JSON bytes that carry it. */
  public record Kind(String name, byte[] bytes) {}

  /** One generated body: the field that holds the bad text, what it is, and the bytes to send. */
  public record Case(String field, String kind, byte[] body) {
    @Override
    public String toString() {
      return field + " with " + kind + ": " + new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * For every string leaf of {@code validBody}: a NUL, then one control character and one invalid
   * UTF-8 sequence, taken in turn from the lists above so that a body with several leaves uses them
   * all. {@code turn} carries on the rotation from an earlier call.
   */
  public static List<Case> cases(Object validBody, int[] turn) {
    JsonNode body = Json.MAPPER.valueToTree(validBody);
    List<Case> cases = new ArrayList<>();
    for (Leaf leaf : leaves(body, "", JsonPointer.empty())) {
      int n = turn[0]++;
      for (Kind kind :
          List.of(
              NUL.get(0),
              CONTROLS.get(n % CONTROLS.size()),
              INVALID_UTF8.get(n % INVALID_UTF8.size()))) {
        cases.add(new Case(leaf.field(), kind.name(), withBadText(body, leaf.pointer(), kind)));
      }
    }
    return cases;
  }

  /** The paths of every string in {@code body}, in document order. */
  public static List<String> fields(Object body) {
    return leaves(Json.MAPPER.valueToTree(body), "", JsonPointer.empty()).stream()
        .map(Leaf::field)
        .toList();
  }

  private record Leaf(String field, JsonPointer pointer) {}

  private static List<Leaf> leaves(JsonNode node, String field, JsonPointer pointer) {
    List<Leaf> found = new ArrayList<>();
    if (node.isTextual()) {
      found.add(new Leaf(field, pointer));
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String child = field.isEmpty() ? e.getKey() : field + "." + e.getKey();
        found.addAll(leaves(e.getValue(), child, pointer.appendProperty(e.getKey())));
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        found.addAll(leaves(node.get(i), field + "[" + i + "]", pointer.appendIndex(i)));
      }
    }
    return found;
  }

  private static byte[] withBadText(JsonNode body, JsonPointer pointer, Kind kind) {
    JsonNode copy = body.deepCopy();
    JsonNode parent = copy.at(pointer.head());
    TextNode value = TextNode.valueOf("a" + MARKER + "b");
    if (parent instanceof ObjectNode object) {
      object.set(pointer.last().getMatchingProperty(), value);
    } else {
      ((ArrayNode) parent).set(pointer.last().getMatchingIndex(), value);
    }
    return replace(Json.write(copy).getBytes(StandardCharsets.UTF_8), MARKER_BYTES, kind.bytes());
  }

  private static byte[] replace(byte[] text, byte[] marker, byte[] with) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + with.length);
    int replaced = 0;
    for (int i = 0; i < text.length; i++) {
      if (i + marker.length <= text.length && matches(text, i, marker)) {
        out.writeBytes(with);
        i += marker.length - 1;
        replaced++;
      } else {
        out.write(text[i]);
      }
    }
    if (replaced != 1) {
      throw new IllegalStateException("the marker appears " + replaced + " times");
    }
    return out.toByteArray();
  }

  private static boolean matches(byte[] text, int at, byte[] marker) {
    for (int j = 0; j < marker.length; j++) {
      if (text[at + j] != marker[j]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
