package ai.peeker.domains;

import ai.peeker.common.WireValue;

/** How a domain came to the partner: bought through us, or imported (owned elsewhere). */
public enum DomainSource implements WireValue {
  REGISTERED("registered"),
  IMPORTED("imported");

  private final String wire;

  DomainSource(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
