package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.torg.federation.vocab.ActivityStreams;
import org.torg.server.model.Actor;
import org.torg.server.model.ReplyPolicy;

/**
 * A thread's reply policy in GoToSocial's {@code interactionPolicy} form
 * (https://docs.gotosocial.org/en/latest/federation/interaction_controls/), so servers that read
 * it can tell their users before they write a reply the Group will refuse. Both the current keys
 * ({@code automaticApproval}/{@code manualApproval}) and the earlier ones
 * ({@code always}/{@code approvalRequired}) are sent, for GoToSocial versions on either side of
 * the rename. Members and moderators are not listed (their collection is not public): for
 * {@code members} and {@code closed} only the post's author and the Group are named.
 */
public final class InteractionPolicies {

  private InteractionPolicies() {}

  public static void advertise(JsonObject note, ReplyPolicy policy, Actor author, Actor group) {
    JsonArray canReply = switch (policy) {
      case ANYONE -> new JsonArray().add(ActivityStreams.PUBLIC);
      case FOLLOWERS -> new JsonArray().add(group.followersUrl()).add(author.uri()).add(group.uri());
      case MEMBERS, CLOSED -> new JsonArray().add(author.uri()).add(group.uri());
    };
    JsonArray everyone = new JsonArray().add(ActivityStreams.PUBLIC);
    note.put("interactionPolicy", new JsonObject()
        .put("canLike", subPolicy(everyone))
        .put("canReply", subPolicy(canReply))
        .put("canAnnounce", subPolicy(everyone)));
    if (note.getValue("@context") instanceof JsonArray context) {
      for (Object entry : context) {
        if (entry instanceof JsonObject terms) {
          terms.put("gts", "https://gotosocial.org/ns#")
              .put("interactionPolicy", new JsonObject().put("@id", "gts:interactionPolicy").put("@type", "@id"))
              .put("canLike", new JsonObject().put("@id", "gts:canLike").put("@type", "@id"))
              .put("canReply", new JsonObject().put("@id", "gts:canReply").put("@type", "@id"))
              .put("canAnnounce", new JsonObject().put("@id", "gts:canAnnounce").put("@type", "@id"))
              .put("automaticApproval", new JsonObject().put("@id", "gts:automaticApproval").put("@type", "@id"))
              .put("manualApproval", new JsonObject().put("@id", "gts:manualApproval").put("@type", "@id"))
              .put("always", new JsonObject().put("@id", "gts:always").put("@type", "@id"))
              .put("approvalRequired", new JsonObject().put("@id", "gts:approvalRequired").put("@type", "@id"));
          break;
        }
      }
    }
  }

  private static JsonObject subPolicy(JsonArray allowed) {
    return new JsonObject().put("automaticApproval", allowed.copy()).put("manualApproval", new JsonArray())
        .put("always", allowed.copy()).put("approvalRequired", new JsonArray());
  }
}
