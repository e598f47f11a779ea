package org.torg.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.torg.server.config.TorgConfig;
import org.torg.server.http.ConnectionsPerAddress;

/** Graceful shutdown: undeploying stops new connections but lets requests in flight finish. */
@ExtendWith(VertxExtension.class)
class HttpVerticleTest {

  @Test
  void aRequestInFlightCompletesWhileTheServerStops(Vertx vertx) throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    HttpVerticle verticle = new HttpVerticle(() -> {
      Router router = Router.router(vertx);
      router.get("/slow").handler(ctx -> {
        inFlight.countDown();
        vertx.setTimer(700, t -> ctx.response().end("finished"));
      });
      return router;
    }, new TorgConfig.Http("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(5), false, Duration.ofSeconds(60),
        Duration.ofSeconds(10), 256, 16 * 1024, 4096), 0, new ConnectionsPerAddress(256),
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    String deployment = vertx.deployVerticle(verticle).await();
    int port = verticle.actualPort();

    Future<HttpResponse<Buffer>> slow = WebClient.create(vertx).get(port, "127.0.0.1", "/slow").send();
    inFlight.await(5, TimeUnit.SECONDS);
    Future<Void> undeployed = vertx.undeploy(deployment);

    HttpResponse<Buffer> response = slow.await(5, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode());
    assertEquals("finished", response.bodyAsString());
    undeployed.await(10, TimeUnit.SECONDS);
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
  }
}
