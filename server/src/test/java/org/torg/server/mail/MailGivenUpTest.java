package org.torg.server.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.RunningTorg;

/**
 * An SMTP server that never answers: the request is not held up, each send is tried
 * mail.max_attempts times, then the message is kept as failed with its error (and logged).
 */
class MailGivenUpTest {

  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    // Nothing listens on this port.
    torg = RunningTorg.start(Map.of("TORG_HTTP_HOST", "127.0.0.172", "TORG_MAIL_HOST", "127.0.0.172", "TORG_MAIL_PORT", "3099",
        "TORG_MAIL_SECURITY", "none", "TORG_MAIL_FROM", "torg@mail.example", "TORG_MAIL_MAX_ATTEMPTS", "2",
        "TORG_MAIL_RETRY_FIRST_SECONDS", "1"));
    api = torg.api(vertx);
  }

  @AfterAll
  static void stop() {
    if (torg != null) {
      torg.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void aSendThatKeepsFailingIsKeptAsFailedAfterItsAttempts() throws Exception {
    assertEquals(201, api.register("gustav", "password-of-gustav").statusCode());
    Eventually.holds("the verification email was given up on", java.time.Duration.ofSeconds(20),
        () -> row().getValue("failed_at") != null);
    Row r = row();
    assertEquals(2, r.getInteger("attempts"));
    assertTrue(r.getString("last_error").contains("onnection refused"), r.getString("last_error"));
    assertEquals(null, r.getValue("message"), "the sealed message (and its link) is dropped");
    var queue = new org.torg.server.db.OutgoingMailRepository(torg.torg().services().pool());
    queue.prune(java.time.Duration.ofDays(7)).await();
    assertEquals(1L, count(), "a week is kept");
    queue.prune(java.time.Duration.ZERO).await();
    assertEquals(0L, count(), "then forgotten");
  }

  static long count() {
    return torg.torg().services().pool().query("SELECT count(*) FROM outgoing_mail").execute().await().iterator().next().getLong(0);
  }

  static Row row() {
    return torg.torg().services().pool().query("SELECT attempts, last_error, failed_at, message FROM outgoing_mail"
        + " WHERE recipient = 'gustav@example.org'").execute().await().iterator().next();
  }
}
