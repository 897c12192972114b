package ai.peeker.testing;

import ai.peeker.provisioning.live.LiveSettings;

/** Live provider settings for test servers. */
public final class ProviderFakes {
  private static ProviderFakes shared;

  private ProviderFakes() {}

  public static synchronized ProviderFakes shared() {
    if (shared == null) {
      shared = new ProviderFakes();
    }
    return shared;
  }

  /** Every provider configured. */
  public LiveSettings settings() {
    String nowhere = "http://127.0.0.1:9";
    return LiveSettings.none()
        .withNameCom(new LiveSettings.NameCom(nowhere, "user", "token"))
        .withCloudflare(new LiveSettings.Cloudflare(nowhere, "token", "account"))
        .withGoogle(
            new LiveSettings.Google(
                java.nio.file.Path.of("none.json"), "admin@example.com", "my_customer", nowhere))
        .withMicrosoft(
            new LiveSettings.Microsoft("tenant", "client", "secret", "sku", nowhere, nowhere))
        .withSmartlead(new LiveSettings.Smartlead(nowhere, "key"));
  }
}
