package org.torg.federation.nodeinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnnounceFormTest {

  @Test
  void lemmyFamilyGetsTheActivity() {
    for (String name : List.of("lemmy", "piefed", "nodebb", "friendica", "mbin", "kbin", "discourse", "Lemmy", " PieFed ")) {
      assertEquals(AnnounceForm.ACTIVITY, AnnounceForm.forSoftware(name), name);
    }
  }

  @Test
  void mastodonFamilyAndTheUnknownGetTheObjectId() {
    for (String name : List.of("mastodon", "misskey", "sharkey", "firefish", "iceshrimp", "pleroma", "akkoma",
        "gotosocial", "hollo", "hometown", "glitchsoc", "peertube", "pixelfed", "torg", "never-heard-of-it", "")) {
      assertEquals(AnnounceForm.OBJECT_ID, AnnounceForm.forSoftware(name), name);
    }
    assertEquals(AnnounceForm.OBJECT_ID, AnnounceForm.forSoftware(null));
  }
}
