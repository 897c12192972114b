package ai.peeker.domains;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where availability answers come from: an environment's registrar. The provisioning package's
 * registrars implement it, so domains never depend on provisioning.
 */
public interface RegistrarQuotes {
  Quote quote(String normalizedDomain);

  /**
   * Quotes for several names; a registrar that answers many names per call (Name.com: 50) overrides
   * this. A failure fails every name of the call.
   */
  default Map<String, Quote> quoteAll(List<String> normalizedDomains) {
    Map<String, Quote> quotes = new LinkedHashMap<>();
    for (String name : normalizedDomains) {
      quotes.put(name, quote(name));
    }
    return quotes;
  }
}
