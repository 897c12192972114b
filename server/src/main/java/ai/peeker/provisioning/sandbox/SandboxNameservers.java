package ai.peeker.provisioning.sandbox;

import ai.peeker.domains.imports.NameserverCheck;
import ai.peeker.partners.Scope;
import java.util.List;

/**
 * Sandbox nameserver checks, steered by magic names: {@code pending-ns-…} is never pointed (the
 * import waits, then gives up), {@code fail-import-…} is refused by the DNS host, every other name
 * is pointed at the first check.
 */
public final class SandboxNameservers implements NameserverCheck {
  @Override
  public Result check(Scope scope, String domain, List<String> nameservers) {
    if (domain.startsWith("pending-ns-")) {
      return Result.NOT_YET;
    }
    return domain.startsWith("fail-import-") ? Result.REJECTED : Result.POINTED;
  }
}
