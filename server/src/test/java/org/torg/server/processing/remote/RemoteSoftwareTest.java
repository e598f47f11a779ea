package org.torg.server.processing.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.nodeinfo.AnnounceForm;
import org.torg.federation.nodeinfo.NodeInfoClient;
import org.torg.server.app.Services;
import org.torg.server.db.RemoteSoftwareRepository;
import org.torg.server.support.FakePeer;
import org.torg.server.support.MutableClock;
import org.torg.server.support.RunningTorg;

/**
 * Which form a Group Announces in, per follower host: a whole Torg on a real PostgreSQL asking
 * real peers on 127.0.0.1 for their NodeInfo, on a clock the test moves. Each test has peers of
 * its own, so one test's cache is not another's.
 */
class RemoteSoftwareTest {

  static Vertx vertx;
  static MutableClock clock;
  static RunningTorg torg;
  static Services services;
  final List<FakePeer> peers = new ArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    torg = RunningTorg.start(Map.of("TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true"), clock);
    services = torg.torg().services();
  }

  @AfterAll
  static void stop() {
    torg.close();
    vertx.close().await();
  }

  @AfterEach
  void closePeers() {
    peers.forEach(FakePeer::close);
  }

  @Test
  void aLemmyFollowerGetsTheActivityAndTheAnswerIsStored() {
    FakePeer lemmy = peer("lemmy", "0.19.5");

    assertEquals(AnnounceForm.ACTIVITY, services.remoteSoftware().announceFormOf(lemmy.authority()).await());

    Row row = row(lemmy.authority());
    assertEquals("lemmy", row.getString("software_name"));
    assertEquals("0.19.5", row.getString("software_version"));
    assertEquals(clock.instant(), row.getOffsetDateTime("software_checked_at").toInstant());
    assertNull(row.getString("software_error"));
  }

  @Test
  void aMastodonFollowerGetsTheObjectId() {
    FakePeer mastodon = peer("mastodon", "4.3.2");

    assertEquals(AnnounceForm.OBJECT_ID, services.remoteSoftware().announceFormOf(mastodon.authority()).await());
    assertEquals("mastodon", row(mastodon.authority()).getString("software_name"));
  }

  @Test
  void aPeerWithoutNodeInfoGetsTheObjectIdAndIsAskedAgainOnlyAfterAnHour() {
    FakePeer bare = peer(null, null);
    RemoteSoftware software = services.remoteSoftware();

    assertEquals(AnnounceForm.OBJECT_ID, software.announceFormOf(bare.authority()).await());
    Row row = row(bare.authority());
    assertNull(row.getString("software_name"));
    assertTrue(row.getString("software_error").contains("404"), row.getString("software_error"));
    assertEquals(1, bare.nodeInfoGets());

    clock.advance(RemoteSoftware.RETRY_FAILURE_AFTER.minusMinutes(1));
    assertEquals(AnnounceForm.OBJECT_ID, software.announceFormOf(bare.authority()).await());
    assertEquals(1, bare.nodeInfoGets(), "the failure is remembered");

    bare.setSoftware("piefed", "1.0.1");
    clock.advance(Duration.ofMinutes(2));
    assertEquals(AnnounceForm.ACTIVITY, software.announceFormOf(bare.authority()).await());
    assertEquals(3, bare.nodeInfoGets());
    assertNull(row(bare.authority()).getString("software_error"));
  }

  @Test
  void aFreshAnswerIsNotFetchedAgainUntilADayHasPassed() {
    FakePeer lemmy = peer("lemmy", "0.19.5");
    RemoteSoftware software = services.remoteSoftware();

    software.announceFormOf(lemmy.authority()).await();
    assertEquals(2, lemmy.nodeInfoGets(), "the JRD and the document");
    clock.advance(RemoteSoftware.FRESH_FOR.minusMinutes(1));
    for (int i = 0; i < 5; i++) {
      assertEquals(AnnounceForm.ACTIVITY, software.announceFormOf(lemmy.authority()).await());
    }
    assertEquals(2, lemmy.nodeInfoGets(), "answered from the cache");

    lemmy.setSoftware("lemmy", "0.20.0");
    clock.advance(Duration.ofMinutes(2));
    software.announceFormOf(lemmy.authority()).await();
    assertEquals(4, lemmy.nodeInfoGets());
    assertEquals("0.20.0", row(lemmy.authority()).getString("software_version"));
  }

  @Test
  void anotherNodeReadsTheStoredAnswerInsteadOfFetching() {
    FakePeer mbin = peer("mbin", "1.7.0");
    services.remoteSoftware().announceFormOf(mbin.authority()).await();

    RemoteSoftware otherNode = newRemoteSoftware(clock);

    assertEquals(AnnounceForm.ACTIVITY, otherNode.announceFormOf(mbin.authority()).await());
    assertEquals(2, mbin.nodeInfoGets());
  }

  @Test
  void manyAnnouncesAtOnceMakeOneFetch() {
    FakePeer lemmy = peer("lemmy", "0.19.5");
    RemoteSoftware software = newRemoteSoftware(clock);

    List<Future<AnnounceForm>> forms = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      forms.add(software.announceFormOf(i % 2 == 0 ? lemmy.authority() : lemmy.authority().toUpperCase()));
    }
    Future.all(forms).await();

    forms.forEach(form -> assertEquals(AnnounceForm.ACTIVITY, form.result()));
    assertEquals(2, lemmy.nodeInfoGets());
  }

  @Test
  void aFailedRefreshKeepsTheSoftwareLearnedBefore() {
    FakePeer lemmy = peer("lemmy", "0.19.5");
    RemoteSoftware software = services.remoteSoftware();
    software.announceFormOf(lemmy.authority()).await();

    lemmy.removeSoftware();
    clock.advance(RemoteSoftware.FRESH_FOR.plusMinutes(1));

    assertEquals(AnnounceForm.ACTIVITY, software.announceFormOf(lemmy.authority()).await());
    Row row = row(lemmy.authority());
    assertEquals("lemmy", row.getString("software_name"));
    assertTrue(row.getString("software_error").contains("404"), row.getString("software_error"));
    assertEquals(3, lemmy.nodeInfoGets(), "asked again: the JRD now answers 404");
  }

  @Test
  void refusesSomethingThatIsNotAHost() {
    for (String notAHost : List.of("example.com/path", "user@example.com", "example.com?q", "")) {
      Exception thrown = assertThrows(Exception.class, () -> services.remoteSoftware().announceFormOf(notAHost).await());
      Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
      assertInstanceOf(IllegalArgumentException.class, cause, notAHost);
    }
  }

  private FakePeer peer(String software, String version) {
    FakePeer peer = FakePeer.start(vertx);
    if (software != null) {
      peer.setSoftware(software, version);
    }
    peers.add(peer);
    return peer;
  }

  /** A second RemoteSoftware on the same database, as on another node: its own memory, the shared table. */
  private static RemoteSoftware newRemoteSoftware(Clock clock) {
    return new RemoteSoftware(new NodeInfoClient(services.fetcher()), new RemoteSoftwareRepository(services.pool()), clock, true);
  }

  private static Row row(String host) {
    return services.pool().preparedQuery("SELECT software_name, software_version, software_checked_at, software_error"
        + " FROM remote_host WHERE host = $1").execute(Tuple.of(host)).await().iterator().next();
  }
}
