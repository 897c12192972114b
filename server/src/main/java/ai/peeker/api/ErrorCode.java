package ai.peeker.api;

import ai.peeker.common.WireValue;

/** The documented {@code error.code} values. */
public enum ErrorCode implements WireValue {
  INVALID_REQUEST,
  UNAUTHORIZED,
  FORBIDDEN,
  NOT_FOUND,
  METHOD_NOT_ALLOWED,
  PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE,
  RATE_LIMITED,
  ORDER_SHAPE_CONFLICT,
  DOMAIN_COUNT_MISMATCH,
  CONFLICT,
  INTERNAL_ERROR,
  SERVICE_UNAVAILABLE;
}
