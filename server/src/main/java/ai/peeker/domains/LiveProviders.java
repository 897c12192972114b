package ai.peeker.domains;

import ai.peeker.api.ApiError;
import ai.peeker.api.ErrorCode;
import ai.peeker.partners.Environment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which live providers this server is configured for. Live work that needs a provider without
 * credentials is refused up front (503 {@code service_unavailable} naming the missing settings),
 * before anything is written or charged; sandbox work never needs one.
 */
public final class LiveProviders {
  private final Map<LiveProvider, List<String>> missing;

  /** {@code missingSettings}: for each provider, its unset settings (empty: configured). */
  public LiveProviders(Map<LiveProvider, List<String>> missingSettings) {
    this.missing = new EnumMap<>(LiveProvider.class);
    for (LiveProvider p : LiveProvider.values()) {
      missing.put(p, List.copyOf(missingSettings.getOrDefault(p, List.of())));
    }
  }

  /** Every provider configured (tests, and servers with all credentials). */
  public static LiveProviders all() {
    return new LiveProviders(Map.of());
  }

  public boolean configured(LiveProvider provider) {
    return missing.get(provider).isEmpty();
  }

  /** The unset settings that keep {@code provider} from being configured. */
  public List<String> missingSettings(LiveProvider provider) {
    return missing.get(provider);
  }

  /**
   * Throws 503 {@code service_unavailable} when {@code env} is live and one of {@code needed} is
   * not configured; the message and {@code details.missing_settings} name what to set.
   */
  public void require(Environment env, Collection<LiveProvider> needed) {
    if (env != Environment.LIVE) {
      return;
    }
    Map<String, List<String>> unset = new LinkedHashMap<>();
    List<String> settings = new ArrayList<>();
    for (LiveProvider p : LiveProvider.values()) {
      if (needed.contains(p) && !configured(p)) {
        unset.put(p.wire(), missing.get(p));
        settings.addAll(missing.get(p));
      }
    }
    if (unset.isEmpty()) {
      return;
    }
    List<String> names = unset.keySet().stream().toList();
    throw new ApiError(
        503,
        ErrorCode.SERVICE_UNAVAILABLE,
        "Live provisioning is not configured on this server: "
            + String.join(", ", names)
            + " needs "
            + String.join(", ", settings),
        null,
        Map.of("missing_providers", names, "missing_settings", settings));
  }
}
