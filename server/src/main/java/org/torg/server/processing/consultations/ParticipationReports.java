package org.torg.server.processing.consultations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.torg.server.convert.ConsultationJson;
import org.torg.server.db.ConsultationRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.db.VoteEligibilityRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.Consultation;
import org.torg.server.model.DiscussionThread;
import org.torg.server.model.Poll;
import org.torg.server.model.Post;
import org.torg.server.processing.network.HubBranches;

/**
 * What a consultation did with people's input, instead of vanity metrics: who took part (and
 * from which servers), replies by stance, how many citizens got an answer from the Group and how
 * fast, and the poll's results. No follower, view or click counts: Torg keeps none.
 *
 * <p>Definitions: a contribution is a reply in the thread that is not deleted and is not the
 * official response; participants are the distinct authors of contributions and the voters; a
 * citizen's reply is a contribution by someone who does not answer for the Group (its members and
 * moderators, the instance's moderators and admins); it is answered when a direct reply to it
 * comes from someone who does, and its answer time runs to the first such reply.
 */
public final class ParticipationReports {

  private final ConsultationRepository consultations;
  private final ThreadRepository threads;
  private final PostRepository posts;
  private final HubBranches hubBranches;
  private final VoteEligibilityRepository decisions;

  public ParticipationReports(ConsultationRepository consultations, ThreadRepository threads, PostRepository posts,
      HubBranches hubBranches, VoteEligibilityRepository decisions) {
    this.hubBranches = hubBranches;
    this.decisions = decisions;
    this.consultations = consultations;
    this.threads = threads;
    this.posts = posts;
  }

  /** Everything a report or an export is made from, read once. */
  record Input(DiscussionThread thread, Consultation consultation, List<Post> posts, Optional<Poll> poll, List<Actor> voters,
      Set<Long> answering, VoteChecks checks, boolean partyWide, PartyBreakdown.Attribution party) {

    /** The replies, less the official response and (party-wide) the branches' entries, which are no one's input. */
    List<Post> contributions() {
      return posts.stream().filter(p -> p.parentId().isPresent() && !p.deleted()
          && consultation.responsePostId().map(r -> r != p.id()).orElse(true) && !party.entries().containsKey(p.id())).toList();
    }
  }

  Future<Input> input(long threadId) {
    return threads.findById(threadId).compose(thread -> {
      if (thread.isEmpty()) {
        return Future.failedFuture(new HttpError(404, "not_found", "No such thread."));
      }
      return consultations.find(threadId).compose(c -> {
        if (c.isEmpty()) {
          return Future.failedFuture(new HttpError(404, "not_a_consultation", "This thread is not a consultation."));
        }
        long groupId = thread.get().groupId().orElse(-1L);
        return posts.ofThread(threadId).compose(all -> consultations.poll(threadId).compose(poll -> consultations.voters(threadId)
            .compose(voters -> consultations.answeringActors(groupId)
                .compose(answering -> VoteChecks.read(decisions, threadId).compose(checks ->
                    consultations.isPartyWide(consultations.pool(), threadId).compose(partyWide -> !partyWide
                    ? Future.succeededFuture(new Input(thread.get(), c.get(), all, poll, voters, answering, checks, false,
                        PartyBreakdown.Attribution.NONE))
                    : hubBranches.branchUrisOf(groupId).map(branches -> new Input(thread.get(), c.get(), all, poll, voters,
                        answering, checks, true, PartyBreakdown.attribute(all, thread.get().rootPostId().orElse(-1L), branches)))))))));
      });
    });
  }

  /** The participation report (API.md, "Consultations"). */
  public Future<JsonObject> report(long threadId) {
    return input(threadId).map(ParticipationReports::compute);
  }

  static JsonObject compute(Input in) {
    List<Post> contributions = in.contributions();
    Map<Long, Actor> participants = new HashMap<>();
    contributions.forEach(p -> participants.put(p.author().id(), p.author()));
    in.voters().forEach(a -> participants.put(a.id(), a));
    long local = participants.values().stream().filter(Actor::local).count();
    Map<String, Integer> byHost = new TreeMap<>();
    participants.values().stream().filter(a -> !a.local()).forEach(a -> byHost.merge(a.host(), 1, Integer::sum));
    JsonArray servers = new JsonArray();
    byHost.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> servers.add(new JsonObject().put("host", e.getKey()).put("participants", e.getValue())));

    Map<String, Integer> stances = new HashMap<>();
    contributions.forEach(p -> stances.merge(p.stance() == null ? "none" : p.stance(), 1, Integer::sum));
    JsonObject replies = new JsonObject().put("total", contributions.size());
    for (String s : List.of("for", "against", "amendment", "none")) {
      replies.put(s, stances.getOrDefault(s, 0));
    }

    List<Post> citizens = contributions.stream().filter(p -> !in.answering().contains(p.author().id())).toList();
    List<Long> answerSeconds = new ArrayList<>();
    Set<Long> citizenIds = new HashSet<>();
    citizens.forEach(p -> citizenIds.add(p.id()));
    for (Post reply : citizens) {
      in.posts().stream()
          .filter(q -> !q.deleted() && q.parentId().map(id -> id == reply.id()).orElse(false) && in.answering().contains(q.author().id()))
          .min(Comparator.comparing(Post::published))
          .ifPresent(first -> answerSeconds.add(Math.max(0, Duration.between(reply.published(), first.published()).toSeconds())));
    }
    Double share = citizens.isEmpty() ? null : (double) answerSeconds.size() / citizens.size();
    JsonObject report = new JsonObject()
        .put("participants", participants.size())
        .put("localParticipants", local)
        .put("remoteParticipants", participants.size() - local)
        .put("servers", servers)
        .put("replies", replies)
        .put("citizenReplies", citizens.size())
        .put("answeredShare", share)
        .put("medianAnswerSeconds", median(answerSeconds))
        .put("poll", in.poll().map(p -> {
          JsonObject poll = ConsultationJson.poll(p, null, java.time.Instant.EPOCH);
          return in.checks().addTo(new JsonObject().put("options", poll.getJsonArray("options")).put("voters", p.voters())
              .put("kind", poll.getString("kind")).put("eligibility", p.eligibility()), false);
        }).orElse(null));
    if (in.partyWide()) {
      report.put("partyWide", PartyBreakdown.report(contributions, in.party()));
    }
    return report;
  }

  static Double median(List<Long> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
