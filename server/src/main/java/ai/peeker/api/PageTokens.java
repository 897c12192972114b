package ai.peeker.api;

import ai.peeker.common.Cursor;
import ai.peeker.partners.Scope;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque page tokens: the cursor plus a binding to the list, the tenant and the active filters,
 * signed with HMAC-SHA256. A token that was tampered with, truncated, spelled differently from how
 * it was issued, or issued for another list or filter set is refused.
 */
final class PageTokens {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final int MAC_BYTES = 16;

  /** Keyed once and cloned per token, instead of finding the provider and keying it per page. */
  private final Mac keyed;

  PageTokens(String secret) {
    try {
      keyed = Mac.getInstance("HmacSHA256");
      keyed.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String issue(String list, Scope scope, Map<String, String> filters, Cursor cursor) {
    String payload = cursor.createdAt().toEpochMilli() + "|" + cursor.id();
    byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(payloadBytes)
        + "."
        + ENCODER.encodeToString(mac(binding(list, scope, filters), payloadBytes));
  }

  /** The cursor inside a token, or null when the token is not valid for this list and filters. */
  Cursor read(String token, String list, Scope scope, Map<String, String> filters) {
    try {
      int dot = token.indexOf('.');
      if (dot <= 0 || token.indexOf('.', dot + 1) >= 0) {
        return null;
      }
      String payloadText = token.substring(0, dot);
      String macText = token.substring(dot + 1);
      byte[] payload = DECODER.decode(payloadText);
      byte[] presented = DECODER.decode(macText);
      // base64 has several spellings of the same bytes (padding, unused low bits of the last
      // character); only the one this server issues is accepted
      if (!ENCODER.encodeToString(payload).equals(payloadText)
          || !ENCODER.encodeToString(presented).equals(macText)) {
        return null;
      }
      if (!MessageDigest.isEqual(presented, mac(binding(list, scope, filters), payload))) {
        return null;
      }
      String text = new String(payload, StandardCharsets.UTF_8);
      int bar = text.indexOf('|');
      return new Cursor(
          Instant.ofEpochMilli(Long.parseLong(text.substring(0, bar))), text.substring(bar + 1));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  private static String binding(String list, Scope scope, Map<String, String> filters) {
    StringBuilder b = new StringBuilder(list).append('\n');
    b.append(scope.partnerId()).append('\n').append(scope.env()).append('\n');
    filters.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> b.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
    return b.toString();
  }

  private byte[] mac(String binding, byte[] payload) {
    try {
      Mac mac = (Mac) keyed.clone();
      mac.update(binding.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(payload);
      byte[] full = mac.doFinal();
      byte[] truncated = new byte[MAC_BYTES];
      System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
      return truncated;
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
    }
  }
}
