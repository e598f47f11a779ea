package org.torg.server.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test's Server-Sent Events reader: connects, parses each frame and queues it for the test to take. */
public final class SseClient implements AutoCloseable {

  /** One event as received; {@code data} parsed as JSON. */
  public record Event(long id, String name, JsonObject data) {}

  private final HttpClient client;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final StringBuilder pending = new StringBuilder();
  private HttpClientResponse response;
  private io.vertx.core.Future<Buffer> body;
  private final io.vertx.core.Promise<Void> ended = io.vertx.core.Promise.promise();

  private SseClient(HttpClient client) {
    this.client = client;
  }

  /** Connects; answers once the response head has come (status and headers readable). */
  public static SseClient open(Vertx vertx, String host, int port, String path, Map<String, String> headers) {
    HttpClient client = vertx.createHttpClient();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port).setURI(path)
        .putHeader("Accept", "text/event-stream");
    headers.forEach(options::putHeader);
    SseClient sse = new SseClient(client);
    // The request is made from an event loop, so the handlers below are set on it as the head
    // arrives, before any of the body can. Made from the test's thread, the chain could be set up
    // after a short refusal had come whole, and its body was never seen (a test hung on it).
    io.vertx.core.Promise<HttpClientResponse> head = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.request(options).compose(request -> request.send()).map(response -> {
      sse.response = response;
      if (response.statusCode() == 200) {
        response.handler(sse::chunk);
        response.endHandler(end -> sse.ended.complete());
      } else {
        sse.body = response.body();
      }
      return response;
    }).onComplete(head));
    head.future().await();
    return sse;
  }

  public int status() {
    return response.statusCode();
  }

  public HttpClientResponse response() {
    return response;
  }

  /** The body, for a refused stream (it ends). */
  public String body() {
    return body.await().toString();
  }

  /** Completes when the server ends the stream. */
  public io.vertx.core.Future<Void> ended() {
    return ended.future();
  }

  /** The next event within {@code wait}, or null. */
  public Event next(Duration wait) throws InterruptedException {
    return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void chunk(Buffer buffer) {
    pending.append(buffer.toString());
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String frame = pending.substring(0, end);
      pending.delete(0, end + 2);
      long id = -1;
      String name = "message";
      StringBuilder data = new StringBuilder();
      for (String line : frame.split("\n")) {
        if (line.startsWith("id: ")) {
          id = Long.parseLong(line.substring(4));
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      if (data.length() > 0) {
        events.add(new Event(id, name, new JsonObject(data.toString())));
      }
    }
  }

  @Override
  public void close() {
    client.close().await();
  }
}
