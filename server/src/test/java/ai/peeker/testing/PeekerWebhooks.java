package ai.peeker.testing;

// README:begin
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Checks that a webhook request comes from Peeker. Call it with the raw body, before parsing. */
public final class PeekerWebhooks {
  private static final long TOLERANCE_SECONDS = 300;

  /**
   * Whether one of the signatures matches the body, signed at most five minutes from {@code now}.
   *
   * @param secret your endpoint's signing secret, the whole {@code whsec_…} string
   * @param timestamp the {@code Peeker-Timestamp} header
   * @param signatures the {@code Peeker-Signature} header ({@code v1=<hex>}, comma-separated)
   * @param body the request body exactly as received
   */
  public static boolean verify(
      String secret, String timestamp, String signatures, byte[] body, Instant now)
      throws GeneralSecurityException {
    if (timestamp == null || signatures == null || !timestamp.matches("\\d{1,12}")) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
      return false; // too old (a replay) or from the future
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.UTF_8);
    for (String signature : signatures.split(",")) {
      String candidate = signature.strip();
      if (candidate.startsWith("v1=")
          && MessageDigest.isEqual(
              expected, candidate.substring(3).getBytes(StandardCharsets.UTF_8))) {
        return true; // during a secret rotation, one match is enough
      }
    }
    return false;
  }
}
// README:end
