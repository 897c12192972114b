package ai.peeker.api;

/**
 * What every text value a request carries (body strings and keys, query and path parameters) must
 * be before anything stores or compares it: no C0 control characters (U+0000–U+001F), no DEL
 * (U+007F) and no half of a UTF-16 surrogate pair (a lone {@code \ud800} escape). PostgreSQL
 * refuses a NUL that H2 stores, and a lone surrogate is turned into {@code ?} by one database and
 * kept by the other; refusing both here keeps the two databases in agreement.
 */
final class TextRules {
  private TextRules() {}

  /** Why {@code text} is refused ("contains …"), or null when it is fine. */
  static String problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "contains a control character (U+" + String.format("%04X", (int) c) + ")";
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "contains an unpaired UTF-16 surrogate";
      }
    }
    return null;
  }
}
