package ai.peeker.provisioning.live;

import ai.peeker.domains.LiveProvider;
import ai.peeker.provisioning.ProviderFailure;
import ai.peeker.provisioning.live.cloudflare.CloudflareDns;
import ai.peeker.provisioning.live.google.GoogleWorkspaceMail;
import ai.peeker.provisioning.live.microsoft.GraphMail;
import ai.peeker.provisioning.live.namecom.NameComRegistrar;
import ai.peeker.provisioning.live.smartlead.SmartleadSequencer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** One read-only call per configured provider, proving its credentials and reachability. */
public final class ProviderChecks {
  private ProviderChecks() {}

  /** {@code reachable} is null when the provider is not configured. */
  public record Check(
      LiveProvider provider, boolean configured, Boolean reachable, String detail) {}

  /** {@code missing}: each provider's unset settings (empty when configured). */
  public static List<Check> run(
      LiveSettings s, Map<LiveProvider, List<String>> missing, MeterRegistry metrics) {
    List<Check> checks = new ArrayList<>();
    for (LiveProvider p : LiveProvider.values()) {
      List<String> unset = missing.getOrDefault(p, List.of());
      if (!unset.isEmpty()) {
        checks.add(new Check(p, false, null, "set " + String.join(", ", unset)));
        continue;
      }
      Supplier<String> call =
          switch (p) {
            case NAMECOM -> () -> new NameComRegistrar(s.namecom(), s.timeout(), metrics).hello();
            case CLOUDFLARE ->
                () -> new CloudflareDns(s.cloudflare(), s.timeout(), metrics).verifyToken();
            case GOOGLE ->
                () -> new GoogleWorkspaceMail(s.google(), s.timeout(), metrics).listDomains();
            case MICROSOFT ->
                () -> new GraphMail(s.microsoft(), s.timeout(), metrics).listDomains();
            case SMARTLEAD ->
                () -> new SmartleadSequencer(s.smartlead(), s.timeout(), metrics).listOne();
          };
      try {
        checks.add(new Check(p, true, true, call.get()));
      } catch (ProviderFailure | IllegalArgumentException e) {
        checks.add(new Check(p, true, false, e.getMessage()));
      }
    }
    return checks;
  }
}
