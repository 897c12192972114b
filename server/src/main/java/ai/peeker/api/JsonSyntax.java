package ai.peeker.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a JSON parser failure into plain words with a line and column, e.g. "Malformed JSON at line
 * 1, column 9: expected a value". The parser's own messages name its classes and settings (feature
 * flags, Java types), which mean nothing to a partner, so none of its text is passed on except a
 * character or field name it quotes.
 */
final class JsonSyntax {
  private static final Pattern UNEXPECTED_CHAR =
      Pattern.compile("^Unexpected character \\('([\\x21-\\x7e])' \\(code \\d+\\)\\)");
  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '([^'\\n]{1,100})'");

  private JsonSyntax() {}

  static String describe(JsonProcessingException e) {
    String reason = reason(e);
    JsonLocation at = e.getLocation();
    if (at == null || at.getLineNr() < 1) {
      return "Malformed JSON: " + reason;
    }
    return "Malformed JSON at line "
        + at.getLineNr()
        + ", column "
        + at.getColumnNr()
        + ": "
        + reason;
  }

  private static String reason(JsonProcessingException e) {
    String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof JsonEOFException || m.startsWith("Unexpected end-of-input")) {
      return "the body ends before the JSON is complete";
    }
    Matcher duplicate = DUPLICATE.matcher(m);
    if (duplicate.find()) {
      return "the field '" + duplicate.group(1) + "' appears more than once";
    }
    if (m.startsWith("Trailing token")) {
      return "the body holds more than one JSON value";
    }
    if (m.startsWith("Non-standard token")) {
      return "NaN and Infinity are not JSON numbers";
    }
    if (m.startsWith("Unrecognized token")) {
      return "unknown word; strings need double quotes and the only bare words are true, false"
          + " and null";
    }
    if (m.contains("CTRL-CHAR") || m.startsWith("Illegal unquoted character")) {
      return "control characters must be escaped inside strings and may not appear outside them";
    }
    if (m.startsWith("Unexpected close marker")) {
      return "a closing bracket does not match the one it closes";
    }
    if (m.contains("escape")) {
      return "invalid escape sequence in a string";
    }
    if (m.contains("umeric value") || m.contains("Leading zero") || m.contains("number")) {
      return "invalid number";
    }
    if (m.startsWith("Unexpected character")) {
      Matcher c = UNEXPECTED_CHAR.matcher(m);
      String what = c.find() ? "unexpected character '" + c.group(1) + "'" : "unexpected character";
      if (m.contains("double-quote to start field name")) {
        return what + "; expected a field name in double quotes";
      }
      if (m.contains("comma to separate")) {
        return what + "; expected a comma";
      }
      if (m.contains("colon to separate")) {
        return what + "; expected a colon";
      }
      if (m.contains("expected a value") || m.contains("expected a valid value")) {
        return what + "; expected a value";
      }
      return what;
    }
    return "not valid JSON";
  }
}
