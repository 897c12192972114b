package ai.peeker.partners;

import java.util.Map;
import java.util.Objects;

/**
 * The tenant a request acts for: one partner in one environment. Every store method takes one, so
 * no query can reach another partner's or the other world's rows.
 */
public record Scope(String partnerId, Environment environment) {
  public Scope {
    Objects.requireNonNull(partnerId, "partnerId");
    Objects.requireNonNull(environment, "environment");
  }

  public String env() {
    return environment.wire();
  }

  /**
   * The named arguments {@code :partner} and {@code :env} for Jdbi's {@code bindMap}, so each
   * tenant query binds its scope in one call instead of two.
   */
  public Map<String, Object> sqlArguments() {
    return Map.of("partner", partnerId, "env", env());
  }
}
