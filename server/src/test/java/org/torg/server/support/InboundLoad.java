package org.torg.server.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.SignatureFormat;

/**
 * Signed inbound traffic for fault tests: public Notes from one actor of a {@link FakePeer},
 * each a new activity, POSTed to a Torg's shared inbox at a steady rate, each signed as it is
 * sent. Every answer is kept (status -1: no answer within the timeout, or no connection), so a
 * test can check what became of each activity it was told was accepted.
 */
public final class InboundLoad {

  public record Sent(String id, int status, long millis) {}

  private final FakePeer peer;
  private final String actor;
  private final WebClient client;

  public InboundLoad(Vertx vertx, FakePeer peer, String actor) {
    this.peer = peer;
    this.actor = actor;
    this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
  }

  /** Blocking: sends {@code perSecond} activities a second for {@code duration}, then waits for every answer. */
  public List<Sent> run(int port, Duration duration, int perSecond, Duration requestTimeout) throws InterruptedException {
    List<Future<Sent>> answers = new ArrayList<>();
    Instant end = Instant.now().plus(duration);
    long gapNanos = 1_000_000_000L / perSecond;
    long next = System.nanoTime();
    while (Instant.now().isBefore(end)) {
      answers.add(send(port, requestTimeout));
      next += gapNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
    return answers.stream().map(f -> f.await()).toList();
  }

  private Future<Sent> send(int port, Duration timeout) {
    String id = peer.base() + "/activities/" + UUID.randomUUID();
    JsonObject note = new JsonObject().put("id", id + "/note").put("type", "Note").put("attributedTo", peer.actorUri(actor))
        .put("content", "<p>load</p>").put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"));
    JsonObject activity = peer.activity("Create", actor, note).put("id", id);
    byte[] body = activity.encode().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, "POST", URI.create("http://127.0.0.1:" + port + "/inbox"),
        Map.of("Content-Type", "application/activity+json"), body, peer.keyId(actor), peer.privateKey(actor), Instant.now());
    var request = client.post(port, "127.0.0.1", "/inbox").timeout(timeout.toMillis());
    headers.forEach(request::putHeader);
    long started = System.nanoTime();
    return request.sendBuffer(Buffer.buffer(body))
        .map(r -> new Sent(id, r.statusCode(), (System.nanoTime() - started) / 1_000_000))
        .otherwise(e -> new Sent(id, -1, (System.nanoTime() - started) / 1_000_000));
  }
}
