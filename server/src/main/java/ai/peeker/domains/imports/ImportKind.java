package ai.peeker.domains.imports;

import ai.peeker.common.WireValue;

/** How an import was asked for: up to 25 names answered at once, or up to 500 queued. */
enum ImportKind implements WireValue {
  SYNC,
  BULK;
}
