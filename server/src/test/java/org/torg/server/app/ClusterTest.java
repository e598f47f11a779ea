package org.torg.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.torg.server.support.ApiClient;
import org.torg.server.support.Eventually;
import org.torg.server.support.RunningTorg;
import org.torg.server.support.TestDatabase;

/**
 * cluster.enabled: two nodes of one instance (one schema) on 127.0.0.81 and .82 form one Hazelcast
 * cluster over the static member list, and what one node announces on the clustered event bus
 * reaches the other at once: a domain block made through node A holds at node B long before B's
 * periodic reload. Without the key, Torg runs alone, unclustered.
 */
class ClusterTest {

  private static Map<String, String> node(String address, String... more) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("TORG_PUBLIC_URL", "http://cluster.test", "TORG_HTTP_HOST", address,
        "TORG_CLUSTER_ENABLED", "true", "TORG_CLUSTER_HOST", address, "TORG_CLUSTER_PORT", "5701",
        "TORG_CLUSTER_MEMBERS", "127.0.0.81:5701,127.0.0.82:5701"));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  @Test
  void aNodeWithoutTheClusterKeyIsNotClustered() {
    try (RunningTorg alone = RunningTorg.start(Map.of())) {
      assertFalse(alone.torg().vertx().isClustered());
    }
  }

  @Test
  void twoNodesFormOneClusterAndSeeEachOthersModerationAtOnce() {
    String schema = TestDatabase.freshSchema();
    try (RunningTorg a = RunningTorg.startOnSchema(schema, node("127.0.0.81"));
        // Every node opens the private keys with the same keyset.
        RunningTorg b = RunningTorg.startOnSchema(schema, node("127.0.0.82",
            "TORG_SECRETS_KEYSET", a.config().secretsKeysetPath().toString()))) {
      assertTrue(a.torg().vertx().isClustered());
      b.torg().vertx().eventBus().<String>consumer("test.ping", message -> message.reply("pong from B"));
      Eventually.holds("a request from node A answered by node B", Duration.ofSeconds(20), () -> {
        try {
          return "pong from B".equals(a.torg().vertx().eventBus().request("test.ping", "ping").await().body());
        } catch (Exception e) {
          return false;
        }
      });

      Vertx client = Vertx.vertx();
      try {
        ApiClient api = a.api(client);
        ApiClient.Session admin = api.newAdmin("warden");
        assertFalse(b.torg().services().moderation().domainBlocks().suspended("spam.example"));
        var created = api.post("/api/v1/admin/domain-blocks", admin.accessToken(), new JsonObject()
            .put("domain", "spam.example").put("severity", "suspend").put("reason", "spam"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        // The periodic reload would take up to 30 s: the announcement takes milliseconds.
        Eventually.holds("node B applies node A's block", Duration.ofSeconds(3),
            () -> b.torg().services().moderation().domainBlocks().suspended("spam.example"));
      } finally {
        client.close().await();
      }
    }
  }
}
