package ai.peeker.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.provisioning.live.LiveSettings;
import ai.peeker.testing.Cli;
import ai.peeker.testing.ProviderFakes;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ./peeker providers check} asks each configured provider, read-only, and says so. */
class ProvidersCheckCliTest {
  @Test
  void the_check_prints_each_provider_configured_and_reachable_without_secrets() {
    try (ProviderFakes fakes = ProviderFakes.start()) {
      Map<String, String> env = env(fakes.settings());
      env.remove("PEEKER_MICROSOFT_CLIENT_SECRET");
      Cli.Result ok = Cli.run(env, "providers", "check");
      String out = String.join("\n", ok.stdout());
      assertThat(ok.exitCode()).as(out + ok.stderr()).isZero();
      assertThat(out)
          .containsPattern("namecom +yes +yes +API user peeker-test")
          .containsPattern("cloudflare +yes +yes +token active")
          .containsPattern("google +yes +yes +1 domains in the customer")
          .containsPattern("microsoft +no +- +set .*PEEKER_MICROSOFT_CLIENT_SECRET")
          .containsPattern("smartlead +yes +yes +key accepted");
      assertThat(out + ok.stderr())
          .doesNotContain("namecom-token")
          .doesNotContain("cloudflare-token")
          .doesNotContain("smartlead-api-key");

      fakes
          .smartlead()
          .stubFor(
              get(urlPathEqualTo("/api/v1/email-accounts/"))
                  .atPriority(1)
                  .willReturn(
                      aResponse()
                          .withStatus(401)
                          .withHeader("Content-Type", "application/json")
                          .withBody("{\"message\":\"Invalid API key\"}")));
      Cli.Result refused = Cli.run(env, "providers", "check");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(String.join("\n", refused.stdout()))
          .containsPattern("smartlead +yes +no +.*Invalid API key");
    }
  }

  private static Map<String, String> env(LiveSettings s) {
    Map<String, String> env = new HashMap<>();
    env.put("PEEKER_NAMECOM_URL", s.namecom().url());
    env.put("PEEKER_NAMECOM_USERNAME", s.namecom().username());
    env.put("PEEKER_NAMECOM_TOKEN", s.namecom().token());
    env.put("PEEKER_CLOUDFLARE_URL", s.cloudflare().url());
    env.put("PEEKER_CLOUDFLARE_API_TOKEN", s.cloudflare().apiToken());
    env.put("PEEKER_CLOUDFLARE_ACCOUNT_ID", s.cloudflare().accountId());
    env.put("PEEKER_GOOGLE_CREDENTIALS", s.google().credentials().toString());
    env.put("PEEKER_GOOGLE_ADMIN_EMAIL", s.google().adminEmail());
    env.put("PEEKER_GOOGLE_API_URL", s.google().apiUrl());
    env.put("PEEKER_MICROSOFT_TENANT_ID", s.microsoft().tenantId());
    env.put("PEEKER_MICROSOFT_CLIENT_ID", s.microsoft().clientId());
    env.put("PEEKER_MICROSOFT_CLIENT_SECRET", s.microsoft().clientSecret());
    env.put("PEEKER_MICROSOFT_SKU_ID", s.microsoft().skuId());
    env.put("PEEKER_MICROSOFT_LOGIN_URL", s.microsoft().loginUrl());
    env.put("PEEKER_MICROSOFT_GRAPH_URL", s.microsoft().graphUrl());
    env.put("PEEKER_SMARTLEAD_URL", s.smartlead().url());
    env.put("PEEKER_SMARTLEAD_API_KEY", s.smartlead().apiKey());
    return env;
  }
}
