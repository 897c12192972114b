package ai.peeker.domains;

/**
 * Where availability answers come from: an environment's registrar. The provisioning package's
 * registrars implement it, so domains never depend on provisioning.
 */
@FunctionalInterface
public interface RegistrarQuotes {
  Quote quote(String normalizedDomain);
}
