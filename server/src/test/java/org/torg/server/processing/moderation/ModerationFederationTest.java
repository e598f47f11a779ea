package org.torg.server.processing.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.FakePeer;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.SharedFixtures;

/** Moderation as other servers see it: Flags in and out, domain blocks both ways, reply policies, spam limits. */
class ModerationFederationTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  static Vertx vertx;
  static RunningTorg torg;
  static ApiClient api;
  static FakePeer peer;
  static String admin;
  static String member;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    torg = RunningTorg.start(Map.of("TORG_PUBLIC_URL", "http://torg.test", "TORG_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "true",
        "TORG_MODERATION_MAX_MENTIONS_PER_POST", "3", "TORG_MODERATION_INBOUND_PER_ACTOR_PER_MINUTE", "40"));
    api = torg.api(vertx);
    peer = FakePeer.start(vertx);
    for (String name : new String[] {"rita", "follower", "stranger", "spammer", "newbie", "banned", "flood", "mastodon.example"}) {
      peer.addActor(name);
    }
    admin = api.newAdmin("chair").accessToken();
    member = api.newCitizen("member").accessToken();
    for (String[] g : new String[][] {{"anyone", "anyone"}, {"fans", "followers"}, {"inner", "members"}, {"shut", "closed"}}) {
      api.post("/api/v1/groups", admin, new JsonObject().put("name", g[0]).put("replyPolicy", g[1]));
      api.send(HttpMethod.PUT, "/api/v1/groups/" + g[0] + "/members/member", admin, new JsonObject().put("role", "member"));
    }
  }

  @AfterAll
  static void stop() {
    peer.close();
    torg.close();
    vertx.close().await();
  }

  static JsonObject open(String group, String title) {
    HttpResponse<Buffer> r = api.post("/api/v1/groups/" + group + "/threads", member,
        new JsonObject().put("title", title).put("content", "Discuss."));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static JsonObject note(FakePeer from, String author, String inReplyTo, String content) {
    return new JsonObject().put("id", from.base() + "/notes/" + UUID.randomUUID()).put("type", "Note")
        .put("attributedTo", from.actorUri(author)).put("inReplyTo", inReplyTo).put("content", content)
        .put("published", Instant.now().toString())
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("cc", new JsonArray().add(from.actorUri(author) + "/followers"));
  }

  static JsonObject send(FakePeer from, String type, String signer, Object object) {
    JsonObject activity = from.activity(type, signer, object);
    HttpResponse<Buffer> r = from.post(torg.port(), "torg.test", "/inbox", activity, signer, SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, r.statusCode(), r.bodyAsString());
    return activity;
  }

  static String outcome(String activityId) {
    var rows = torg.torg().services().pool().preparedQuery("SELECT outcome FROM inbox_activity WHERE activity_uri = $1")
        .execute(Tuple.of(activityId)).await();
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }

  static String processed(String activityId) {
    Eventually.holds("activity " + activityId + " processed", WAIT, () -> outcome(activityId) != null);
    return outcome(activityId);
  }

  static boolean stored(String uri) {
    return torg.torg().services().posts().posts().findByUri(uri).await().isPresent();
  }

  static Optional<JsonObject> received(FakePeer at, String type, String objectMatch) {
    return at.received().stream().map(FakePeer.Received::body)
        .filter(b -> type.equals(b.getString("type")) && b.encode().contains(objectMatch)).findFirst();
  }

  /** A refused reply is not stored, and its author's server gets the Group's Reject of the Create. */
  static void assertRefused(JsonObject create, String groupName, String why) {
    String noteId = create.getJsonObject("object").getString("id");
    assertEquals("rejected:" + why, processed(create.getString("id")));
    assertFalse(stored(noteId), "a refused reply is not stored");
    Eventually.holds("the Reject reaches the author's server", WAIT, () -> received(peer, "Reject", create.getString("id")).isPresent());
    JsonObject reject = received(peer, "Reject", create.getString("id")).orElseThrow();
    assertEquals("http://torg.test/groups/" + groupName, reject.getString("actor"));
    assertEquals(create.getString("id"), reject.getJsonObject("object").getString("id"));
    assertEquals("Create", reject.getJsonObject("object").getString("type"));
    assertEquals(noteId, reject.getJsonObject("object").getString("object"));
  }

  static void assertAccepted(JsonObject create) {
    assertEquals("reply_stored", processed(create.getString("id")));
    assertTrue(stored(create.getJsonObject("object").getString("id")));
  }

  @Test
  void aMastodonFlagFromItsInstanceActorLandsInTheQueue() {
    JsonObject fixture = SharedFixtures.read("mastodon/activities/flag.json");
    String rootUri = open("anyone", "Reported").getJsonObject("root").getString("uri");
    String rootId = rootUri.substring(rootUri.lastIndexOf('/') + 1);
    // The fixture as Mastodon sent it, its hosts changed to this test's servers: the instance actor
    // reports a local account and its post.
    JsonObject flag = fixture.copy();
    flag.put("id", peer.base() + "/" + UUID.randomUUID()).put("actor", peer.actorUri("mastodon.example"))
        .put("object", new JsonArray().add("http://torg.test/users/member").add(rootUri).add("http://torg.test/posts/999999"))
        .put("to", "http://torg.test/users/member");
    HttpResponse<Buffer> r = peer.post(torg.port(), "torg.test", "/inbox", flag, "mastodon.example", SignatureFormat.DRAFT_CAVAGE);
    assertEquals(202, r.statusCode());
    assertEquals("report_stored", processed(flag.getString("id")));

    JsonArray queue = api.get("/api/v1/admin/reports?state=open", admin).bodyAsJsonArray();
    JsonObject report = queue.stream().map(o -> (JsonObject) o).filter(o -> "remote".equals(o.getString("origin"))
        && "@member@torg.test".equals(o.getString("targetAccount"))).findFirst().orElseThrow(() -> new AssertionError(queue.encode()));
    assertEquals(fixture.getString("content"), report.getString("comment"));
    assertEquals(new JsonArray().add(rootId), report.getJsonArray("posts"), "the unknown post is left out");
    assertEquals("@mastodon.example@" + peer.authority(), report.getString("reporter"));
    assertEquals("open", report.getString("state"));

    // The same Flag again is one report, not two.
    peer.post(torg.port(), "torg.test", "/inbox", flag.copy().put("id", flag.getString("id")), "mastodon.example",
        SignatureFormat.DRAFT_CAVAGE);
    long same = api.get("/api/v1/admin/reports", admin).bodyAsJsonArray().stream()
        .filter(o -> ((JsonObject) o).getString("comment").equals(fixture.getString("content"))).count();
    assertEquals(1, same);
  }

  @Test
  void aForwardedReportIsAFlagFromTheInstanceActor() {
    String rootUri = open("anyone", "Forwarding").getJsonObject("root").getString("uri");
    JsonObject create = send(peer, "Create", "rita", note(peer, "rita", rootUri, "<p>Rude words</p>"));
    assertAccepted(create);
    String noteUri = create.getJsonObject("object").getString("id");
    String postId = String.valueOf(torg.torg().services().posts().posts().findByUri(noteUri).await().orElseThrow().id());

    HttpResponse<Buffer> reported = api.post("/api/v1/reports", member, new JsonObject()
        .put("posts", new JsonArray().add(postId)).put("comment", "Insults in the thread"));
    assertEquals(201, reported.statusCode(), reported.bodyAsString());
    JsonObject report = reported.bodyAsJsonObject();
    assertEquals("@rita@" + peer.authority(), report.getString("targetAccount"));
    assertEquals("local", report.getString("origin"));

    HttpResponse<Buffer> resolved = api.post("/api/v1/admin/reports/" + report.getString("id") + "/resolve", admin,
        new JsonObject().put("action", "forward").put("reason", "their server should know"));
    assertEquals(200, resolved.statusCode(), resolved.bodyAsString());
    assertEquals("resolved", resolved.bodyAsJsonObject().getString("state"));
    assertEquals("forward", resolved.bodyAsJsonObject().getJsonObject("resolution").getString("action"));

    Eventually.holds("the Flag reaches rita's server", WAIT, () -> received(peer, "Flag", noteUri).isPresent());
    FakePeer.Received delivery = peer.received().stream().filter(d -> "Flag".equals(d.body().getString("type"))
        && d.body().encode().contains(noteUri)).findFirst().orElseThrow();
    JsonObject flag = delivery.body();
    assertEquals("http://torg.test/actor", flag.getString("actor"), "sent by the instance actor, as Mastodon does");
    assertEquals(new JsonArray().add(peer.actorUri("rita")).add(noteUri), flag.getJsonArray("object"));
    assertEquals("Insults in the thread", flag.getString("content"));
    assertTrue(flag.getString("id").startsWith("http://torg.test/activities/"));
    assertEquals("/inbox", delivery.path(), "to the shared inbox");
    assertTrue(delivery.headers().get("signature").contains("keyId=\"http://torg.test/actor#main-key\""));

    // The reporter hears the outcome.
    JsonObject mine = api.get("/api/v1/reports", member).bodyAsJsonArray().stream().map(o -> (JsonObject) o)
        .filter(o -> o.getString("id").equals(report.getString("id"))).findFirst().orElseThrow();
    assertEquals("resolved", mine.getString("state"));
    assertEquals("their server should know", mine.getJsonObject("resolution").getString("reason"));
  }

  @Test
  void aSuspendedDomainIsDroppedAndGetsNoDeliveries() {
    FakePeer blocked = FakePeer.start(vertx);
    try {
      blocked.addActor("troll");
      String rootUri = open("anyone", "Blocked domain").getJsonObject("root").getString("uri");
      JsonObject before = send(blocked, "Create", "troll", note(blocked, "troll", rootUri, "<p>Before the block</p>"));
      assertAccepted(before);
      var trollPost = torg.torg().services().posts().posts().findByUri(before.getJsonObject("object").getString("id")).await()
          .orElseThrow();

      HttpResponse<Buffer> r = api.post("/api/v1/admin/domain-blocks", admin, new JsonObject().put("domain", blocked.authority())
          .put("severity", "suspend").put("reason", "trolling"));
      assertEquals(201, r.statusCode(), r.bodyAsString());

      JsonObject after = blocked.activity("Create", "troll", note(blocked, "troll", rootUri, "<p>After the block</p>"));
      HttpResponse<Buffer> answer = blocked.post(torg.port(), "torg.test", "/inbox", after, "troll", SignatureFormat.DRAFT_CAVAGE);
      assertEquals(202, answer.statusCode(), "dropped quietly, as Mastodon does");
      assertEquals("dropped", answer.bodyAsJsonObject().getString("status"));
      assertEquals(null, outcome(after.getString("id")), "never stored for processing");
      assertFalse(stored(after.getJsonObject("object").getString("id")));

      // A like of the troll's post would go to its server: not any more.
      assertEquals(204, api.post("/api/v1/posts/" + trollPost.id() + "/like", member, null).statusCode());
      long deliveries = torg.torg().services().pool().preparedQuery("SELECT count(*) FROM delivery WHERE host = $1")
          .execute(Tuple.of(blocked.authority())).await().iterator().next().getLong(0);
      assertEquals(0, deliveries, "no delivery is queued for a suspended domain");
      assertTrue(blocked.received().stream().noneMatch(d -> "Like".equals(d.body().getString("type"))));
      String metrics = torg.get(vertx, "/metrics").send().await().bodyAsString();
      assertTrue(metrics.contains("reason=\"domain_refused\""), "counted");
    } finally {
      api.send(HttpMethod.DELETE, "/api/v1/admin/domain-blocks/" + blocked.authority(), admin, null);
      blocked.close();
    }
  }

  @Test
  void anyoneAcceptsEveryReply() {
    String rootUri = open("anyone", "Open").getJsonObject("root").getString("uri");
    assertAccepted(send(peer, "Create", "stranger", note(peer, "stranger", rootUri, "<p>Hello</p>")));
  }

  @Test
  void followersAcceptsFollowersAndRefusesOthers() {
    JsonObject follow = send(peer, "Follow", "follower", "http://torg.test/groups/fans");
    processed(follow.getString("id"));
    String rootUri = open("fans", "Fans only").getJsonObject("root").getString("uri");
    assertAccepted(send(peer, "Create", "follower", note(peer, "follower", rootUri, "<p>I follow</p>")));
    assertRefused(send(peer, "Create", "stranger", note(peer, "stranger", rootUri, "<p>I do not</p>")), "fans", "reply_policy");
  }

  @Test
  void membersAndClosedRefuseRemoteReplies() {
    String inner = open("inner", "Members").getJsonObject("root").getString("uri");
    assertRefused(send(peer, "Create", "rita", note(peer, "rita", inner, "<p>Let me in</p>")), "inner", "reply_policy");
    String shut = open("shut", "Closed").getJsonObject("root").getString("uri");
    assertRefused(send(peer, "Create", "rita", note(peer, "rita", shut, "<p>Hello?</p>")), "shut", "reply_policy");
  }

  @Test
  void aThreadsOwnPolicyOverridesItsGroupsAndIsAdvertised() {
    JsonObject thread = open("anyone", "Locked thread");
    String rootUri = thread.getJsonObject("root").getString("uri");
    HttpResponse<Buffer> set = api.send(HttpMethod.PUT, "/api/v1/threads/" + thread.getString("id") + "/reply-policy", admin,
        new JsonObject().put("replyPolicy", "closed").put("reason", "the debate is over"));
    assertEquals(200, set.statusCode(), set.bodyAsString());
    assertRefused(send(peer, "Create", "stranger", note(peer, "stranger", rootUri, "<p>One more thing</p>")), "anyone",
        "reply_policy");

    JsonObject noteDoc = torg.getActivityJson(vertx, "/posts/" + thread.getJsonObject("root").getString("id")).send().await()
        .bodyAsJsonObject();
    JsonObject canReply = noteDoc.getJsonObject("interactionPolicy").getJsonObject("canReply");
    assertEquals(new JsonArray().add("http://torg.test/users/member").add("http://torg.test/groups/anyone"),
        canReply.getJsonArray("automaticApproval"));
    assertEquals(canReply.getJsonArray("automaticApproval"), canReply.getJsonArray("always"));

    // Back to the Group's policy: anyone.
    api.send(HttpMethod.PUT, "/api/v1/threads/" + thread.getString("id") + "/reply-policy", admin,
        new JsonObject().putNull("replyPolicy").put("reason", "reopened"));
    assertAccepted(send(peer, "Create", "stranger", note(peer, "stranger", rootUri, "<p>Thanks for reopening</p>")));
    JsonObject reopened = torg.getActivityJson(vertx, "/posts/" + thread.getJsonObject("root").getString("id")).send().await()
        .bodyAsJsonObject();
    assertEquals(new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"),
        reopened.getJsonObject("interactionPolicy").getJsonObject("canReply").getJsonArray("automaticApproval"));
  }

  @Test
  void aBannedActorAndTooManyMentionsAreRefused() {
    String rootUri = open("anyone", "Bans").getJsonObject("root").getString("uri");
    assertEquals(201, api.post("/api/v1/groups/anyone/bans", admin, new JsonObject().put("account", peer.actorUri("banned"))
        .put("reason", "repeated abuse")).statusCode());
    assertRefused(send(peer, "Create", "banned", note(peer, "banned", rootUri, "<p>Still here</p>")), "anyone", "banned_from_group");

    JsonObject spam = note(peer, "spammer", rootUri, "<p>Buy now</p>");
    JsonArray tags = new JsonArray();
    for (int i = 0; i < 4; i++) {
      tags.add(new JsonObject().put("type", "Mention").put("href", peer.actorUri("victim" + i)).put("name", "@victim" + i));
    }
    spam.put("tag", tags);
    assertRefused(send(peer, "Create", "spammer", spam), "anyone", "too_many_mentions");
    String metrics = torg.get(vertx, "/metrics").send().await().bodyAsString();
    assertTrue(metrics.contains("torg_inbox_rejected_total{reason=\"too_many_mentions\"}"), "counted in the metrics");
  }

  @Test
  void anActorOverItsRateLimitIsToldToRetry() {
    String rootUri = open("anyone", "Flood").getJsonObject("root").getString("uri");
    int limited = 0;
    for (int i = 0; i < 45; i++) {
      JsonObject activity = peer.activity("Like", "flood", rootUri);
      HttpResponse<Buffer> r = peer.post(torg.port(), "torg.test", "/inbox", activity, "flood", SignatureFormat.DRAFT_CAVAGE);
      if (r.statusCode() == 429) {
        limited++;
        assertEquals("60", r.getHeader("Retry-After"));
      } else {
        assertEquals(202, r.statusCode());
      }
    }
    assertEquals(5, limited, "the limit is 40 a minute");
    assertTrue(torg.get(vertx, "/metrics").send().await().bodyAsString().contains("reason=\"actor_rate_limit\""));
  }

  @Test
  void preModerationHoldsANewcomersFirstPostUntilApproved() {
    assertEquals(200, api.send(HttpMethod.PATCH, "/api/v1/groups/fans", admin, new JsonObject().put("premoderation", true)
        .put("replyPolicy", "anyone").put("reason", "a wave of new accounts")).statusCode());
    try {
      String rootUri = open("fans", "Held").getJsonObject("root").getString("uri");
      JsonObject first = send(peer, "Create", "newbie", note(peer, "newbie", rootUri, "<p>My first post</p>"));
      assertEquals("held_for_moderation", processed(first.getString("id")));
      String firstId = first.getJsonObject("object").getString("id");
      assertFalse(stored(firstId));

      JsonArray held = api.get("/api/v1/groups/fans/held", admin).bodyAsJsonArray();
      JsonObject item = held.stream().map(o -> (JsonObject) o).filter(o -> firstId.equals(o.getString("uri"))).findFirst()
          .orElseThrow();
      assertEquals(403, api.post("/api/v1/groups/fans/held/" + item.getString("id") + "/approve", member,
          new JsonObject()).statusCode(), "members do not moderate");
      HttpResponse<Buffer> approved = api.post("/api/v1/groups/fans/held/" + item.getString("id") + "/approve", admin,
          new JsonObject().put("reason", "welcome"));
      assertEquals(200, approved.statusCode(), approved.bodyAsString());
      assertEquals("reply_stored", approved.bodyAsJsonObject().getString("outcome"));
      assertTrue(stored(firstId));
      assertEquals(404, api.post("/api/v1/groups/fans/held/" + item.getString("id") + "/approve", admin,
          new JsonObject()).statusCode(), "decided: no longer in the queue");

      // Known now: the next post goes straight in.
      assertAccepted(send(peer, "Create", "newbie", note(peer, "newbie", rootUri, "<p>My second post</p>")));
    } finally {
      api.send(HttpMethod.PATCH, "/api/v1/groups/fans", admin, new JsonObject().put("premoderation", false)
          .put("replyPolicy", "followers").put("reason", "wave over"));
    }
  }

  @Test
  void everyFederatedActionIsInTheModlog() {
    JsonArray items = api.get("/api/v1/modlog", null).bodyAsJsonObject().getJsonArray("items");
    List<String> actions = items.stream().map(o -> ((JsonObject) o).getString("action")).toList();
    // Whatever ran before in this class: each entry has a reason and a moderator.
    assertTrue(items.stream().allMatch(o -> !((JsonObject) o).getString("reason").isBlank()), items.encode());
    assertTrue(items.stream().allMatch(o -> ((JsonObject) o).getString("moderator") != null));
    assertTrue(actions.stream().allMatch(a -> a.matches("[a-z_]+")));
  }
}
