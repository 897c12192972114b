package ai.peeker.provisioning.live;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The live providers' settings. Each provider's record is null when it is not configured (one of
 * its credentials is unset): live work that needs it is refused before anything is written.
 */
public record LiveSettings(
    NameCom namecom,
    Cloudflare cloudflare,
    Google google,
    Microsoft microsoft,
    Smartlead smartlead,
    Duration timeout,
    Duration firstRetry) {

  public record NameCom(String url, String username, String token) {
    @Override
    public String toString() {
      return "NameCom[url=" + url + ", username=" + username + ", token=<redacted>]";
    }
  }

  public record Cloudflare(String url, String apiToken, String accountId) {
    @Override
    public String toString() {
      return "Cloudflare[url=" + url + ", accountId=" + accountId + ", apiToken=<redacted>]";
    }
  }

  /** {@code credentials}: the service-account JSON key file. */
  public record Google(Path credentials, String adminEmail, String customerId, String apiUrl) {}

  public record Microsoft(
      String tenantId,
      String clientId,
      String clientSecret,
      String skuId,
      String loginUrl,
      String graphUrl) {
    @Override
    public String toString() {
      return "Microsoft[tenantId="
          + tenantId
          + ", clientId="
          + clientId
          + ", skuId="
          + skuId
          + ", clientSecret=<redacted>]";
    }
  }

  public record Smartlead(String url, String apiKey) {
    @Override
    public String toString() {
      return "Smartlead[url=" + url + ", apiKey=<redacted>]";
    }
  }

  /** No live provider configured. */
  public static LiveSettings none() {
    return new LiveSettings(
        null, null, null, null, null, Duration.ofSeconds(20), Duration.ofSeconds(30));
  }

  public LiveSettings withNameCom(NameCom value) {
    return new LiveSettings(value, cloudflare, google, microsoft, smartlead, timeout, firstRetry);
  }

  public LiveSettings withCloudflare(Cloudflare value) {
    return new LiveSettings(namecom, value, google, microsoft, smartlead, timeout, firstRetry);
  }

  public LiveSettings withGoogle(Google value) {
    return new LiveSettings(namecom, cloudflare, value, microsoft, smartlead, timeout, firstRetry);
  }

  public LiveSettings withMicrosoft(Microsoft value) {
    return new LiveSettings(namecom, cloudflare, google, value, smartlead, timeout, firstRetry);
  }

  public LiveSettings withSmartlead(Smartlead value) {
    return new LiveSettings(namecom, cloudflare, google, microsoft, value, timeout, firstRetry);
  }

  public LiveSettings withTiming(Duration callTimeout, Duration retry) {
    return new LiveSettings(namecom, cloudflare, google, microsoft, smartlead, callTimeout, retry);
  }
}
