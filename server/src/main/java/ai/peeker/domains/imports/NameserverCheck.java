package ai.peeker.domains.imports;

import ai.peeker.partners.Scope;
import java.util.List;

/** Asks DNS whether an imported domain is delegated to the nameservers of its zone. */
public interface NameserverCheck {
  enum Result {
    /** The domain's NS records are the zone's nameservers. */
    POINTED,
    /** Not (yet) pointed; ask again later. */
    NOT_YET,
    /** It never will be: the import of this name fails. */
    REJECTED
  }

  /** Called outside transactions; slow answers are bounded by the implementation's timeouts. */
  Result check(Scope scope, String domain, List<String> nameservers);
}
