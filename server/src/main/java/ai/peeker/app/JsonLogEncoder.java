package ai.peeker.app;

import ai.peeker.api.RequestIds;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.JsonEscapeUtil;
import java.util.Map;

/**
 * Logback's {@link JsonEncoder} with two fields of its own ({@code PEEKER_LOG_FORMAT=json}, see
 * {@code logback.xml}): {@code request_id} at the top level of a line written while a request runs,
 * and {@code stack_trace}, the exception as the text a text log shows. Logback nests every MDC key
 * under {@code mdc}; here only keys other than the request id stay there, and {@code mdc} is left
 * out when there are none.
 */
public final class JsonLogEncoder extends JsonEncoder {
  static final String REQUEST_ID = RequestIds.MDC_KEY;
  static final String STACK_TRACE = "stack_trace";

  /** The fields a line carries, set here so that {@code logback.xml} only names the class. */
  public JsonLogEncoder() {
    setWithSequenceNumber(false);
    setWithNanoseconds(false);
    setWithContext(false);
    setWithMessage(false);
    setWithArguments(false);
    setWithThrowable(false);
    setWithFormattedMessage(true);
  }

  @Override
  protected void appendMDC(StringBuilder sb, ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    String requestId = mdc.get(REQUEST_ID);
    if (requestId != null) {
      sb.append(VALUE_SEPARATOR);
      appenderMember(sb, REQUEST_ID, escape(requestId));
    }
    boolean opened = false;
    for (Map.Entry<String, String> e : mdc.entrySet()) {
      if (e.getKey().equals(REQUEST_ID) || e.getValue() == null) {
        continue;
      }
      sb.append(VALUE_SEPARATOR);
      if (!opened) {
        sb.append(QUOTE).append(MDC_ATTR_NAME).append(QUOTE_COL).append(OPEN_OBJ);
        opened = true;
      }
      appenderMember(sb, escape(e.getKey()), escape(e.getValue()));
    }
    if (opened) {
      sb.append(CLOSE_OBJ);
    }
  }

  /** Called once per line after the other fields; {@code withThrowable} is off. */
  @Override
  protected void appendCustomFields(StringBuilder sb, ILoggingEvent event) {
    IThrowableProxy throwable = event.getThrowableProxy();
    if (throwable != null) {
      sb.append(VALUE_SEPARATOR);
      appenderMember(sb, STACK_TRACE, escape(ThrowableProxyUtil.asString(throwable)));
    }
  }

  private static String escape(String text) {
    return JsonEscapeUtil.jsonEscapeString(text);
  }
}
