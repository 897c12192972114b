package ai.peeker.domains.forwarding;

import ai.peeker.common.WireValue;

/** Why a domain could not be repointed. */
public enum ForwardingFailure implements WireValue {
  /** The domain does not resolve (likely a registrar issue). */
  DNS_LOOKUP_FAILED,
  /** The target did not answer, or answered 5xx. */
  TARGET_UNREACHABLE,
  /** The URL is malformed, not http(s), or points at a private address. */
  INVALID_TARGET;
}
