package org.torg.federation.nodeinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Documents in the shapes servers serve them. */
class NodeInfoTest {

  @Test
  void readsMastodonsDocument() {
    JsonObject doc = new JsonObject("""
        {"version":"2.0","software":{"name":"mastodon","version":"4.3.2+glitch"},"protocols":["activitypub"],
         "services":{"outbound":[],"inbound":[]},"usage":{"users":{"total":1,"activeMonth":1,"activeHalfyear":1},
         "localPosts":3},"openRegistrations":false,"metadata":{"nodeName":"x"}}""");

    assertEquals(new NodeInfo("mastodon", Optional.of("4.3.2+glitch"), List.of("activitypub")), NodeInfo.parse(doc, "u"));
  }

  @Test
  void readsMisskeysDocumentWithMetadataAndLowerCasesTheName() {
    JsonObject doc = new JsonObject("""
        {"software":{"name":"Sharkey","version":"2024.11.1","repository":"https://activitypub.software/TransFem-org/Sharkey"},
         "version":"2.1","protocols":["activitypub"],"metadata":{"maintainer":{"name":"x"},"langs":[]}}""");

    assertEquals("sharkey", NodeInfo.parse(doc, "u").softwareName());
  }

  @Test
  void keepsAVersionNumberAndCutsAnEndlessVersion() {
    assertEquals(Optional.of("2"), NodeInfo.parse(new JsonObject()
        .put("software", new JsonObject().put("name", "x").put("version", 2)), "u").softwareVersion());
    assertEquals(NodeInfo.MAX_VERSION_LENGTH, NodeInfo.parse(new JsonObject()
        .put("software", new JsonObject().put("name", "x").put("version", "9".repeat(10_000))), "u")
        .softwareVersion().orElseThrow().length());
    assertEquals(Optional.empty(), NodeInfo.parse(new JsonObject()
        .put("software", new JsonObject().put("name", "x")), "u").softwareVersion());
  }
}
