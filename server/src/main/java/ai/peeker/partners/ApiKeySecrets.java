package ai.peeker.partners;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Key secrets: {@code pk_test_} + 32 random base62 characters + a 6-character base62 CRC32
 * checksum, so a scanner can tell a real key from a lookalike offline. Only the SHA-256 hash is
 * stored.
 */
final class ApiKeySecrets {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int RANDOM_LENGTH = 32;
  private static final int CHECKSUM_LENGTH = 6;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeySecrets() {}

  static String generate(Environment environment) {
    StringBuilder body = new StringBuilder(RANDOM_LENGTH);
    for (int i = 0; i < RANDOM_LENGTH; i++) {
      body.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
    }
    return environment.keyPrefix() + body + checksum(body.toString());
  }

  /** The environment a well-formed secret belongs to, or null when it is not one of ours. */
  static Environment environmentOf(String secret) {
    for (Environment environment : Environment.values()) {
      String prefix = environment.keyPrefix();
      if (secret.length() == prefix.length() + RANDOM_LENGTH + CHECKSUM_LENGTH
          && secret.startsWith(prefix)) {
        String body = secret.substring(prefix.length(), prefix.length() + RANDOM_LENGTH);
        String check = secret.substring(prefix.length() + RANDOM_LENGTH);
        for (int i = 0; i < body.length(); i++) {
          if (BASE62.indexOf(body.charAt(i)) < 0) {
            return null;
          }
        }
        return MessageDigest.isEqual(
                checksum(body).getBytes(StandardCharsets.US_ASCII),
                check.getBytes(StandardCharsets.US_ASCII))
            ? environment
            : null;
      }
    }
    return null;
  }

  static String hash(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What an operator may see of a key: its prefix and first characters. */
  static String hint(String secret) {
    return secret.substring(0, secret.indexOf('_', 3) + 5) + "…";
  }

  private static String checksum(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] out = new char[CHECKSUM_LENGTH];
    for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
      out[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(out);
  }
}
