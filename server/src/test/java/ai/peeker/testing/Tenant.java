package ai.peeker.testing;

import ai.peeker.partners.Environment;
import ai.peeker.partners.Partner;
import ai.peeker.partners.Preset;
import ai.peeker.partners.Scope;

/** A partner of a test, with its full sandbox key at hand. */
public record Tenant(TestServer server, Partner partner, String testKey) {
  public Scope sandbox() {
    return new Scope(partner.id(), Environment.TEST);
  }

  public Scope live() {
    return new Scope(partner.id(), Environment.LIVE);
  }

  public String key(Environment environment, Preset preset) {
    return issue(environment, preset).secret();
  }

  public ai.peeker.partners.Partners.IssuedKey issue(Environment environment, Preset preset) {
    return server.app().partners().issueKey(partner.id(), environment, preset, 600);
  }

  /** The API as this tenant's full sandbox key. */
  public Api.As api() {
    return server.api().as(testKey);
  }
}
