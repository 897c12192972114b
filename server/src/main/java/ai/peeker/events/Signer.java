package ai.peeker.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests as the contract (§7) documents: {@code Peeker-Signature: v1=<hex>},
 * lowercase hex of HMAC-SHA256 keyed with the UTF-8 bytes of the whole {@code whsec_…} secret over
 * {@code "<Peeker-Timestamp>.<raw body bytes>"}; one {@code v1=} per active secret,
 * comma-separated, while a rotation lets two secrets sign.
 */
public final class Signer {
  private Signer() {}

  /** The {@code Peeker-Signature} header value for {@code body} sent at {@code timestamp}. */
  public static String header(List<String> secrets, long timestamp, byte[] body) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("an endpoint without an active secret cannot sign");
    }
    return secrets.stream()
        .map(secret -> "v1=" + sign(secret, timestamp, body))
        .collect(Collectors.joining(","));
  }

  static String sign(String secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
