package ai.peeker.domains.imports;

import ai.peeker.domains.DomainNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** What an import makes of submitted names: their normal form, root or not, and a set's hash. */
final class ImportNames {
  /** Registry suffixes of two labels under which a root domain has three labels. */
  private static final Set<String> TWO_LABEL_SUFFIXES =
      Set.of(
          "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "ac.uk", "com.au", "net.au",
          "org.au", "co.nz", "org.nz", "net.nz", "com.br", "com.mx", "co.jp", "co.za", "com.cn",
          "com.tw", "co.in", "co.kr", "com.sg", "com.tr", "co.il", "com.ar", "com.co", "com.es");

  private ImportNames() {}

  /** The normal form, or null when it is no domain name. */
  static String normalize(String raw) {
    return DomainNames.normalize(raw);
  }

  /** How a name that is no domain is shown back: trimmed and lowercased. */
  static String asSent(String raw) {
    return raw.strip().toLowerCase(Locale.ROOT);
  }

  /** True for a registrable (root) name: {@code acme.com}, {@code acme.co.uk}. */
  static boolean isRoot(String normalized) {
    String[] labels = normalized.split("\\.");
    if (labels.length == 2) {
      return true;
    }
    return labels.length == 3 && TWO_LABEL_SUFFIXES.contains(labels[1] + "." + labels[2]);
  }

  /**
   * The hash of the set of names: each normalised (or trimmed and lowercased when invalid),
   * duplicates dropped, sorted. The same set in another order or case hashes the same.
   */
  static String setHash(List<String> raw) {
    TreeSet<String> set = new TreeSet<>();
    for (String name : raw) {
      String n = normalize(name);
      set.add(n != null ? n : asSent(name));
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest(String.join("\n", set).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
