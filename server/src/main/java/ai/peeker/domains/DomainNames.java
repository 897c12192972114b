package ai.peeker.domains;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/** Domain name normalisation and syntax: lowercase, trimmed, IDNs in their ASCII form. */
public final class DomainNames {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern TLD = Pattern.compile("(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})");

  private DomainNames() {}

  /** The normal form of {@code raw}, or null when it is not a syntactically valid domain. */
  public static String normalize(String raw) {
    if (raw == null) {
      return null;
    }
    String name = raw.strip().toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    try {
      name = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (name.isEmpty() || name.length() > 253) {
      return null;
    }
    String[] labels = name.split("\\.", -1);
    if (labels.length < 2) {
      return null;
    }
    for (int i = 0; i < labels.length - 1; i++) {
      if (!LABEL.matcher(labels[i]).matches()) {
        return null;
      }
    }
    return TLD.matcher(labels[labels.length - 1]).matches() ? name : null;
  }
}
