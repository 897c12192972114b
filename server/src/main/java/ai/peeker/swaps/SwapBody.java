package ai.peeker.swaps;

import ai.peeker.api.FieldError;
import ai.peeker.api.Fields;
import ai.peeker.common.Ids;
import ai.peeker.common.WireValue;

/**
 * A {@code POST /swaps} body.
 *
 * <pre>{"type":"standard","domain_id":"dom_…","replacement_domain":"acme-fresh.com"}</pre>
 */
record SwapBody(String type, String domainId, String replacementDomain) {
  SwapBody {
    type = Fields.required(Fields.text(type, "type", 20), "type");
    SwapType kind =
        WireValue.wires(SwapType.class).contains(type) ? WireValue.of(SwapType.class, type) : null;
    if (kind != SwapType.STANDARD && kind != SwapType.PREMIUM) {
      throw new FieldError(
          "type",
          kind == SwapType.USER_NAMES
              ? SwapType.USER_NAMES.wire() + " swaps are created with POST /swaps/user_names"
              : "must be " + SwapType.STANDARD.wire() + " or " + SwapType.PREMIUM.wire());
    }
    domainId = Fields.required(Fields.text(domainId, "domain_id", 100), "domain_id");
    if (!Ids.looksLike("dom_", domainId)) {
      throw new FieldError("domain_id", "must be a domain id (dom_…)");
    }
    replacementDomain =
        Fields.required(
            Fields.text(replacementDomain, "replacement_domain", 253), "replacement_domain");
  }

  Swaps.DomainSwap request() {
    return new Swaps.DomainSwap(WireValue.of(SwapType.class, type), domainId, replacementDomain);
  }
}
