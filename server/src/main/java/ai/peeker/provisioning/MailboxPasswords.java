package ai.peeker.provisioning;

import java.security.SecureRandom;

/** Strong generated mailbox passwords: 20 characters with every class a provider may demand. */
final class MailboxPasswords {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
  private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  private static final String DIGITS = "23456789";
  private static final String SYMBOLS = "!#%+-=?@_";
  private static final String ALL = LOWER + UPPER + DIGITS + SYMBOLS;

  private MailboxPasswords() {}

  static String generate() {
    char[] chars = new char[20];
    chars[0] = pick(LOWER);
    chars[1] = pick(UPPER);
    chars[2] = pick(DIGITS);
    chars[3] = pick(SYMBOLS);
    for (int i = 4; i < chars.length; i++) {
      chars[i] = pick(ALL);
    }
    for (int i = chars.length - 1; i > 0; i--) {
      int j = RANDOM.nextInt(i + 1);
      char c = chars[i];
      chars[i] = chars[j];
      chars[j] = c;
    }
    return new String(chars);
  }

  private static char pick(String from) {
    return from.charAt(RANDOM.nextInt(from.length()));
  }
}
