package ai.peeker.api;

import ai.peeker.common.WireValue;

/** The documented {@code error.code} values. */
public enum ErrorCode implements WireValue {
  INVALID_REQUEST("invalid_request"),
  UNAUTHORIZED("unauthorized"),
  FORBIDDEN("forbidden"),
  NOT_FOUND("not_found"),
  METHOD_NOT_ALLOWED("method_not_allowed"),
  PAYLOAD_TOO_LARGE("payload_too_large"),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
  RATE_LIMITED("rate_limited"),
  ORDER_SHAPE_CONFLICT("order_shape_conflict"),
  DOMAIN_COUNT_MISMATCH("domain_count_mismatch"),
  CONFLICT("conflict"),
  INTERNAL_ERROR("internal_error"),
  SERVICE_UNAVAILABLE("service_unavailable");

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
