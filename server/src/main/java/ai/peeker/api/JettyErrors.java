package ai.peeker.api;

import ai.peeker.common.Ids;
import ai.peeker.common.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Failures Jetty answers before a request reaches the API (unparseable requests, conflicting length
 * headers, oversized headers) in the same envelope, with a request id, instead of HTML.
 */
final class JettyErrors extends ErrorHandler {
  private final Ids ids;

  JettyErrors(Ids ids) {
    this.ids = ids;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int status,
      String message,
      Throwable cause,
      Callback callback) {
    if (status == 400) {
      // Jetty closes the connection after a request it refuses as malformed (e.g. a %00 in the
      // path); say so, or a client that keeps connections alive sends its next request into it
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(RequestIds.HEADER, ids.next("req_"));
    response.write(true, ByteBuffer.wrap(body(status)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONNECTION, "close"); // as above: the connection is closed after this
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    fields.put(RequestIds.HEADER, ids.next("req_"));
    return ByteBuffer.wrap(body(status));
  }

  private static byte[] body(int status) {
    return Json.write(ErrorEnvelope.body(ErrorEnvelope.fromStatus(status)))
        .getBytes(StandardCharsets.UTF_8);
  }
}
