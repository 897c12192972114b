package ai.peeker.common;

import com.github.f4b6a3.ulid.UlidFactory;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.regex.Pattern;

/** Prefixed ULID ids ({@code ord_01HZX0OR1A2B3C4D5E6F7G8H}), monotonic within a node. */
public final class Ids {
  private static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

  private final UlidFactory factory;

  public Ids(Clock clock) {
    this.factory = UlidFactory.newMonotonicInstance(new SecureRandom(), clock::millis);
  }

  public String next(String prefix) {
    return prefix + factory.create().toString();
  }

  /** True when {@code id} is {@code prefix} followed by a well-formed ULID. */
  public static boolean looksLike(String prefix, String id) {
    return id != null
        && id.length() == prefix.length() + 26
        && id.startsWith(prefix)
        && ULID.matcher(id.substring(prefix.length())).matches();
  }
}
