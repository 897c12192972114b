package ai.peeker.app;

import ai.peeker.domains.LiveProvider;
import ai.peeker.provisioning.live.LiveSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads the live providers' settings: a provider is configured when all its credentials are. */
final class LiveSettingsReader {
  private LiveSettingsReader() {}

  /** The settings a provider cannot work without. */
  static final Map<LiveProvider, List<Setting>> REQUIRED =
      Map.of(
          LiveProvider.NAMECOM, List.of(Setting.NAMECOM_USERNAME, Setting.NAMECOM_TOKEN),
          LiveProvider.CLOUDFLARE,
              List.of(Setting.CLOUDFLARE_API_TOKEN, Setting.CLOUDFLARE_ACCOUNT_ID),
          LiveProvider.GOOGLE, List.of(Setting.GOOGLE_CREDENTIALS, Setting.GOOGLE_ADMIN_EMAIL),
          LiveProvider.MICROSOFT,
              List.of(
                  Setting.MICROSOFT_TENANT_ID,
                  Setting.MICROSOFT_CLIENT_ID,
                  Setting.MICROSOFT_CLIENT_SECRET,
                  Setting.MICROSOFT_SKU_ID),
          LiveProvider.SMARTLEAD, List.of(Setting.SMARTLEAD_API_KEY));

  static LiveSettings read(Map<String, String> env) {
    Map<LiveProvider, List<String>> missing = missing(env);
    LiveSettings s =
        LiveSettings.none()
            .withTiming(
                Duration.ofMillis(Setting.PROVIDER_TIMEOUT_MS.integer(env, 100, 600_000)),
                Duration.ofMillis(Setting.PROVIDER_RETRY_MS.integer(env, 10, 3_600_000)));
    if (missing.get(LiveProvider.NAMECOM).isEmpty()) {
      s =
          s.withNameCom(
              new LiveSettings.NameCom(
                  url(env, Setting.NAMECOM_URL),
                  Setting.NAMECOM_USERNAME.read(env),
                  Setting.NAMECOM_TOKEN.read(env)));
    }
    if (missing.get(LiveProvider.CLOUDFLARE).isEmpty()) {
      s =
          s.withCloudflare(
              new LiveSettings.Cloudflare(
                  url(env, Setting.CLOUDFLARE_URL),
                  Setting.CLOUDFLARE_API_TOKEN.read(env),
                  Setting.CLOUDFLARE_ACCOUNT_ID.read(env)));
    }
    if (missing.get(LiveProvider.GOOGLE).isEmpty()) {
      Path key = Path.of(Setting.GOOGLE_CREDENTIALS.read(env));
      if (!Files.isReadable(key)) {
        throw Setting.GOOGLE_CREDENTIALS.invalid(
            "must name a readable service-account JSON file", key.toString());
      }
      s =
          s.withGoogle(
              new LiveSettings.Google(
                  key,
                  Setting.GOOGLE_ADMIN_EMAIL.read(env),
                  Setting.GOOGLE_CUSTOMER_ID.read(env),
                  url(env, Setting.GOOGLE_API_URL)));
    }
    if (missing.get(LiveProvider.MICROSOFT).isEmpty()) {
      s =
          s.withMicrosoft(
              new LiveSettings.Microsoft(
                  Setting.MICROSOFT_TENANT_ID.read(env),
                  Setting.MICROSOFT_CLIENT_ID.read(env),
                  Setting.MICROSOFT_CLIENT_SECRET.read(env),
                  Setting.MICROSOFT_SKU_ID.read(env),
                  url(env, Setting.MICROSOFT_LOGIN_URL),
                  url(env, Setting.MICROSOFT_GRAPH_URL)));
    }
    if (missing.get(LiveProvider.SMARTLEAD).isEmpty()) {
      s =
          s.withSmartlead(
              new LiveSettings.Smartlead(
                  url(env, Setting.SMARTLEAD_URL), Setting.SMARTLEAD_API_KEY.read(env)));
    }
    return s;
  }

  /** For each provider, its required settings that {@code env} leaves unset. */
  static Map<LiveProvider, List<String>> missing(Map<String, String> env) {
    Map<LiveProvider, List<String>> missing = new EnumMap<>(LiveProvider.class);
    for (LiveProvider p : LiveProvider.values()) {
      missing.put(
          p, REQUIRED.get(p).stream().filter(s -> !s.isSet(env)).map(Setting::variable).toList());
    }
    return missing;
  }

  /** For settings built in code (tests): a provider without settings misses all it requires. */
  static Map<LiveProvider, List<String>> missing(LiveSettings live) {
    Map<LiveProvider, List<String>> missing = new EnumMap<>(LiveProvider.class);
    for (LiveProvider p : LiveProvider.values()) {
      Object configured =
          switch (p) {
            case NAMECOM -> live.namecom();
            case CLOUDFLARE -> live.cloudflare();
            case GOOGLE -> live.google();
            case MICROSOFT -> live.microsoft();
            case SMARTLEAD -> live.smartlead();
          };
      missing.put(
          p,
          configured != null
              ? List.of()
              : REQUIRED.get(p).stream().map(Setting::variable).toList());
    }
    return missing;
  }

  private static String url(Map<String, String> env, Setting setting) {
    String raw = setting.read(env);
    if (!raw.startsWith("http://") && !raw.startsWith("https://")) {
      throw setting.invalid("must be an http(s) URL", raw);
    }
    return raw.replaceAll("/+$", "");
  }
}
