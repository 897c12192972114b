package ai.peeker.orders;

import ai.peeker.partners.Scope;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fingerprints of {@code POST /orders} bodies for the 24-hour replay rule: an HMAC-SHA256 of the
 * tenant and the canonical JSON, keyed by the server secret. The body carries the sequencer
 * password, so only this keyed hash is stored; it cannot be reversed or brute-forced offline
 * without the secret.
 */
final class RequestFingerprints {
  private final SecretKeySpec key;

  RequestFingerprints(String serverSecret) {
    this.key =
        new SecretKeySpec(
            ("peeker-order-dedupe:" + serverSecret).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  String of(Scope scope, String canonicalBody) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((scope.partnerId() + "\n" + scope.env() + "\n").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(canonicalBody.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
