package ai.peeker.domains;

import ai.peeker.common.WireValue;

/** How a domain came to the partner: bought through us, or imported (owned elsewhere). */
public enum DomainSource implements WireValue {
  REGISTERED,
  IMPORTED;
}
