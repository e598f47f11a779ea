package org.torg.federation.fetch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * Reads a response body but never more than a limit. Content-Length is only a claim (and absent
 * with chunked encoding), so the limit is enforced on the bytes that actually arrive.
 */
final class BoundedBody {

  private BoundedBody() {}

  /**
   * The response must be paused (or this called in the callback that receives it): data arriving
   * without a handler is dropped. Reading resumes it.
   *
   * @param idleTimeoutMillis the longest silence between two pieces of the body
   * @return the body, or a {@link FetchException} TOO_LARGE as soon as the body passes
   *     {@code maxBytes}; the connection is then closed, as the rest of the body is unwanted.
   *     Transport failures (a timeout included) come as Vert.x reports them.
   */
  static Future<Buffer> read(HttpClientResponse response, long maxBytes, long idleTimeoutMillis, String describedUrl) {
    // Vert.x stops the request's idle timer when the response head arrives: without a new one,
    // a server that sends its headers and then nothing would hold the fetch until the total
    // timeout. The timer restarts whenever data arrives.
    response.request().idleTimeout(idleTimeoutMillis);
    Promise<Buffer> body = Promise.promise();
    Buffer received = Buffer.buffer();
    response.handler(chunk -> {
      if (body.future().isComplete()) {
        return;
      }
      if ((long) received.length() + chunk.length() > maxBytes) {
        body.tryFail(new FetchException(FetchException.Reason.TOO_LARGE,
            describedUrl + " sent more than " + maxBytes + " bytes"));
        response.request().reset();
        return;
      }
      received.appendBuffer(chunk);
    });
    response.exceptionHandler(body::tryFail);
    response.endHandler(end -> body.tryComplete(received));
    response.resume();
    return body.future();
  }
}
