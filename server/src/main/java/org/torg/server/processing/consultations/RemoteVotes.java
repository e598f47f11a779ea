package org.torg.server.processing.consultations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.torg.federation.vocab.ActivityStreams;
import org.torg.federation.vocab.InvalidObjectException;
import org.torg.federation.vocab.Poll;
import org.torg.federation.vocab.PostObject;
import org.torg.server.convert.ApToModel;
import org.torg.server.convert.LocalUris;
import org.torg.server.convert.TorgTerms;
import org.torg.server.db.GroupMemberRepository;
import org.torg.server.db.GroupProfileRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.Post;
import org.torg.server.model.Principal;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.network.HubBranches;
import org.torg.server.processing.network.MembershipStatements;
import org.torg.server.processing.remote.RemoteActors;
import org.torg.server.processing.remote.RemoteFetches;

/**
 * A local account votes in another server's poll, as Mastodon does: one {@code Create} of a Note
 * per chosen option, its title in {@code name}, in reply to the Question, to the Question's
 * author alone. The Question is read again from its origin first, so the options and the end are
 * the poll's own. When the account is a member of local Groups that are branches of a hub on
 * the poll's server, their membership statements go along in {@code torg:membership}
 * (FEDERATION.md, "Members-only votes"), to that server only.
 */
public final class RemoteVotes {

  private final RemoteFetches fetches;
  private final RemoteActors remoteActors;
  private final GroupMemberRepository members;
  private final GroupProfileRepository groups;
  private final HubBranches hubBranches;
  private final MembershipStatements statements;
  private final Outbox outbox;
  private final LocalUris uris;
  private final Clock clock;

  public RemoteVotes(RemoteFetches fetches, RemoteActors remoteActors, GroupMemberRepository members, GroupProfileRepository groups,
      HubBranches hubBranches, MembershipStatements statements, Outbox outbox, LocalUris uris, Clock clock) {
    this.fetches = fetches;
    this.remoteActors = remoteActors;
    this.members = members;
    this.groups = groups;
    this.hubBranches = hubBranches;
    this.statements = statements;
    this.outbox = outbox;
    this.uris = uris;
    this.clock = clock;
  }

  /** {@code choices}: indexes into the Question's options as its server serves them now. */
  public Future<Void> vote(Principal voter, Post question, List<Integer> choices) {
    if (question.author().local()) {
      return Future.failedFuture(new HttpError(409, "local_poll", "Vote in this server's polls with POST /api/v1/threads/{id}/votes."));
    }
    URI uri;
    try {
      uri = URI.create(question.uri());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new HttpError(404, "not_a_poll", "This post is no poll."));
    }
    return fetches.fetchJson(uri)
        .recover(e -> Future.failedFuture(new HttpError(502, "poll_unreachable", "The poll's server did not answer.")))
        .map(doc -> parse(doc.json())).compose(parsed -> {
      Poll poll = parsed.poll();
      Instant now = clock.instant();
      if (poll.closed() || (poll.endTime() != null && !now.isBefore(poll.endTime()))) {
        return Future.failedFuture(new HttpError(409, "poll_closed", "This poll has ended."));
      }
      if (choices.isEmpty() || new HashSet<>(choices).size() != choices.size()
          || choices.stream().anyMatch(c -> c < 0 || c >= poll.options().size()) || (!poll.multipleChoice() && choices.size() > 1)) {
        return Future.failedFuture(new HttpError(422, "invalid_choices", "choices are distinct option indexes, 0 to "
            + (poll.options().size() - 1) + (poll.multipleChoice() ? "." : ", one of them.")));
      }
      Actor actor = voter.account().actor();
      return remoteActors.resolve(parsed.attributedTo()).compose(author -> carried(voter.accountId(), actor.uri(), parsed.id())
          .compose(carried -> outbox.inTransaction(tx -> {
            Future<Long> sent = Future.succeededFuture(0L);
            for (int choice : choices) {
              JsonObject create = create(actor, author, parsed.id(), poll.options().get(choice).name(), carried);
              sent = sent.compose(v -> outbox.send(tx, actor, create, List.of(author.inbox())));
            }
            return sent;
          })));
    }).mapEmpty();
  }

  private static PostObject parse(JsonObject json) {
    try {
      PostObject parsed = PostObject.parse(json);
      if (parsed.poll() == null || parsed.attributedTo() == null || !ApToModel.sameAuthority(parsed.id(), parsed.attributedTo())) {
        throw new HttpError(404, "not_a_poll", "This post is no poll.");
      }
      return parsed;
    } catch (InvalidObjectException e) {
      throw new HttpError(404, "not_a_poll", "This post is no poll.");
    }
  }

  /** The statements of the voter's Groups that are branches of a hub on the Question's server. */
  private Future<JsonArray> carried(long accountId, String voterUri, String questionUri) {
    return members.groupsOf(accountId).compose(ids -> {
      List<Future<Optional<JsonObject>>> each = new ArrayList<>();
      for (long groupId : ids) {
        each.add(hubBranches.hubUrisOf(groupId).compose(hubs -> hubs.stream().anyMatch(h -> ApToModel.sameAuthority(h, questionUri))
            ? groups.findByActorId(groupId).compose(g -> g.map(group -> statements.issue(group, voterUri))
                .orElseGet(() -> Future.succeededFuture(Optional.empty())))
            : Future.succeededFuture(Optional.empty())));
      }
      return Future.all(each).map(all -> {
        JsonArray out = new JsonArray();
        for (int i = 0; i < all.size() && out.size() < Eligibility.MAX_CARRIED; i++) {
          Optional<JsonObject> s = all.resultAt(i);
          s.ifPresent(out::add);
        }
        return out;
      });
    });
  }

  private JsonObject create(Actor voter, Actor author, String questionUri, String option, JsonArray carried) {
    String id = uris.activity(UUID.randomUUID().toString());
    JsonArray to = new JsonArray().add(author.uri());
    JsonObject note = new JsonObject().put("id", id + "#vote").put("type", "Note").put("attributedTo", voter.uri())
        .put("name", option).put("inReplyTo", questionUri).put("to", to);
    if (!carried.isEmpty()) {
      note.put("torg:membership", carried);
    }
    return new JsonObject().put("@context", new JsonArray().add(ActivityStreams.NS).add(new JsonObject().put("torg", TorgTerms.NS)))
        .put("id", id).put("type", "Create").put("actor", voter.uri()).put("to", to).put("object", note);
  }
}
