package org.torg.server.processing.consultations;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.torg.server.convert.Markdown;
import org.torg.server.db.ConsultationRepository;
import org.torg.server.db.ConsultationRepository.VoteResult;
import org.torg.server.db.GroupProfileRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.db.VoteEligibilityRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.Consultation;
import org.torg.server.model.ConsultationPhase;
import org.torg.server.model.LocalGroup;
import org.torg.server.model.Poll;
import org.torg.server.model.Post;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.network.HubBranches;
import org.torg.server.processing.posts.LocalPosts;

/**
 * Consultations: a Group's moderators open one (a thread with phases and an optional poll),
 * local accounts vote, and once input has closed the moderators publish the official response,
 * which cites the contributions it took up and mentions their authors.
 */
public final class Consultations {

  public static final int MAX_OPTIONS = 10;
  public static final int MAX_OPTION_CHARS = 100;
  public static final int MAX_CITES = 100;
  static final Duration LONGEST = Duration.ofDays(366);

  public static final int MAX_STATEMENT_CHARS = 500;
  /** Refused votes of one actor in a members-only poll after which its next ones are not checked again. */
  public static final int MAX_REFUSALS = 5;

  /**
   * A poll as asked for: its options, single or multiple choice, and when it ends; whether only
   * members of the hub's branches may vote; and for a candidate selection each candidate's
   * statement, in the options' order (empty for an ordinary poll).
   */
  public record PollSpec(List<String> options, boolean multiple, Optional<Instant> endsAt, boolean membersOnly,
      List<String> statements) {

    public PollSpec(List<String> options, boolean multiple, Optional<Instant> endsAt) {
      this(options, multiple, endsAt, false, List.of());
    }
  }

  private final ConsultationRepository consultations;
  private final ThreadRepository threads;
  private final PostRepository posts;
  private final LocalPosts localPosts;
  private final Permissions permissions;
  private final Outbox outbox;
  private final Clock clock;
  private final GroupProfileRepository groups;
  private final HubBranches hubBranches;

  private final Eligibility eligibility;
  private final VoteEligibilityRepository decisions;

  public Consultations(ConsultationRepository consultations, ThreadRepository threads, PostRepository posts, LocalPosts localPosts,
      Permissions permissions, Outbox outbox, Clock clock, GroupProfileRepository groups, HubBranches hubBranches,
      Eligibility eligibility, VoteEligibilityRepository decisions) {
    this.eligibility = eligibility;
    this.decisions = decisions;
    this.groups = groups;
    this.hubBranches = hubBranches;
    this.consultations = consultations;
    this.threads = threads;
    this.posts = posts;
    this.localPosts = localPosts;
    this.permissions = permissions;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** Opens a consultation: the Group's moderators only, since its response speaks for the Group. */
  public Future<Post> open(Principal author, LocalGroup group, String title, String content, Instant inputClosesAt,
      Optional<Instant> deliberationEndsAt, Optional<PollSpec> poll) {
    return open(author, group, title, content, inputClosesAt, deliberationEndsAt, poll, false);
  }

  /**
   * {@code partyWide}: the Group is a hub and every branch takes part (FEDERATION.md, "Party-wide
   * consultations"); a Group without branches cannot open one.
   */
  public Future<Post> open(Principal author, LocalGroup group, String title, String content, Instant inputClosesAt,
      Optional<Instant> deliberationEndsAt, Optional<PollSpec> poll, boolean partyWide) {
    Instant now = clock.instant();
    if (!inputClosesAt.isAfter(now) || inputClosesAt.isAfter(now.plus(LONGEST))) {
      return invalid("invalid_inputClosesAt", "inputClosesAt is a time in the coming year.");
    }
    Instant deliberation = deliberationEndsAt.orElse(inputClosesAt);
    if (deliberation.isBefore(inputClosesAt) || deliberation.isAfter(inputClosesAt.plus(LONGEST))) {
      return invalid("invalid_deliberationEndsAt", "deliberationEndsAt is at or after inputClosesAt, within a year of it.");
    }
    List<String> options = new ArrayList<>();
    Instant endsAt = poll.flatMap(PollSpec::endsAt).orElse(inputClosesAt);
    if (poll.isPresent()) {
      for (String raw : poll.get().options()) {
        String option = raw == null ? "" : raw.strip();
        if (option.isEmpty() || option.length() > MAX_OPTION_CHARS || options.contains(option)) {
          return invalid("invalid_poll", "Poll options are distinct texts of 1 to " + MAX_OPTION_CHARS + " characters.");
        }
        options.add(option);
      }
      if (options.size() < 2 || options.size() > MAX_OPTIONS) {
        return invalid("invalid_poll", "A poll has 2 to " + MAX_OPTIONS + " options.");
      }
      for (String statement : poll.get().statements()) {
        if (statement == null || statement.isBlank() || statement.strip().length() > MAX_STATEMENT_CHARS) {
          return invalid("invalid_candidates", "Each candidate has a statement of 1 to " + MAX_STATEMENT_CHARS + " characters.");
        }
      }
      if (!endsAt.isAfter(now) || endsAt.isAfter(now.plus(LONGEST))) {
        return invalid("invalid_poll", "poll.endsAt is a time in the coming year.");
      }
    }
    boolean multiple = poll.map(PollSpec::multiple).orElse(false);
    return permissions.groupModerator(Optional.of(author), group)
        .compose(ok -> !partyWide ? Future.succeededFuture() : hubBranches.branchUrisOf(group.actor().id())
            .compose(branches -> branches.isEmpty()
                ? invalid("not_a_hub", "A party-wide consultation is opened by a hub: this Group has no branches.")
                : Future.succeededFuture()))
        .compose(ok -> localPosts.openThread(author, group, title, content,
        new LocalPosts.ThreadExtras() {
          @Override
          public Future<Void> alongside(io.vertx.sqlclient.SqlConnection tx, long threadId, long rootPostId) {
            return consultations.insert(tx, threadId, inputClosesAt, deliberation)
                .compose(v -> partyWide ? consultations.markPartyWide(tx, threadId) : Future.succeededFuture())
                .compose(v -> poll.isEmpty()
                ? Future.succeededFuture() : consultations.insertPoll(tx, threadId, rootPostId, options, multiple, endsAt,
                    poll.get().membersOnly(), poll.get().statements().stream().map(String::strip).toList()));
          }
        }));
  }

  /** A local account votes: {@code choices} are option indexes; one vote per account. */
  public Future<Void> vote(Principal voter, long threadId, List<Integer> choices) {
    return openPoll(threadId).compose(poll -> {
      if (choices.isEmpty() || choices.size() > poll.options().size() || new HashSet<>(choices).size() != choices.size()
          || choices.stream().anyMatch(c -> c < 0 || c >= poll.options().size())) {
        return invalid("invalid_choices", "choices are distinct option indexes, 0 to " + (poll.options().size() - 1) + ".");
      }
      if (!poll.multiple() && choices.size() > 1) {
        return invalid("invalid_choices", "This poll takes one choice.");
      }
      long actorId = voter.account().actor().id();
      // A members-only poll asks the hub's branches first: the server vouches for its own users' votes.
      return decisions.past(threadId, actorId).compose(past -> past.refusals() >= MAX_REFUSALS
          ? Future.failedFuture(new HttpError(403, "not_a_member", "Your votes in this poll were refused " + MAX_REFUSALS + " times."))
          : eligibility.decide(poll, voter.account().actor(), List.of())).compose(decision -> !decision.counts()
          ? decisions.refuse(threadId, actorId, null, choices, decision.reason(), decision.detail())
              .compose(v -> Future.failedFuture(new HttpError(403, decision.reason(), "Your vote does not count: "
                  + decision.detail() + ".")))
          : consultations.pool().withTransaction(tx -> consultations.voters(threadId).compose(voters ->
              voters.stream().anyMatch(a -> a.id() == actorId)
                  ? Future.failedFuture(new HttpError(409, "already_voted", "You have voted in this poll."))
                  : consultations.vote(tx, poll, actorId, choices, null)
                      .compose(r -> decisions.vouched(tx, threadId, actorId, decision.branches()).map(r)))))
          .mapEmpty();
    });
  }

  /**
   * A vote from another server, as Mastodon sends it: a Note naming the option, in reply to the
   * Question. {@code author} sent it, verified, and the Note is on the author's server. Counted
   * once per actor (single choice) or per actor and option (multiple); repeats are not counted.
   */
  public Future<String> receiveVote(String noteId, String inReplyTo, String optionName, Actor author) {
    return receiveVote(noteId, inReplyTo, optionName, author, List.of());
  }

  /**
   * The same, with the membership statements the vote carries ({@link Eligibility#carried}): in
   * a members-only poll it counts only when a branch of the hub vouches for its author, and is
   * stored as refused, with the reason, when none does.
   */
  public Future<String> receiveVote(String noteId, String inReplyTo, String optionName, Actor author, List<Object> statements) {
    return consultations.pollOfPost(inReplyTo).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture("ignored:vote_for_unknown_poll");
      }
      Poll poll = found.get();
      if (!poll.openAt(clock.instant())) {
        return Future.succeededFuture("ignored:poll_closed");
      }
      int choice = poll.indexOf(optionName == null ? "" : optionName.strip());
      if (choice < 0) {
        return Future.succeededFuture("ignored:unknown_option");
      }
      if (!poll.membersOnly()) {
        return count(poll, noteId, author, choice, Set.of());
      }
      // Each check may ask every branch: an actor already counted is not asked about again, and
      // one refused MAX_REFUSALS times is refused without asking, so votes cannot multiply fetches.
      return consultations.voteKnown(noteId).compose(known -> known ? Future.succeededFuture("ignored:repeated_vote")
          : decisions.past(poll.threadId(), author.id()).compose(past -> past.counted()
              ? count(poll, noteId, author, choice, Set.of())
              : past.refusals() >= MAX_REFUSALS ? Future.succeededFuture("ignored:vote_refused:too_many_refusals")
              : eligibility.decide(poll, author, statements).compose(decision -> decision.counts()
                  ? count(poll, noteId, author, choice, decision.branches())
                  : decisions.refuse(poll.threadId(), author.id(), noteId, List.of(choice), decision.reason(), decision.detail())
                      .map("ignored:vote_refused:" + decision.reason()))));
    });
  }

  /** Records a remote vote that may count: once per actor (single choice), its vouching branches with it. */
  private Future<String> count(Poll poll, String noteId, Actor author, int choice, Set<String> branches) {
    return consultations.pool().withTransaction(tx -> consultations.vote(tx, poll, author.id(), List.of(choice), noteId)
            .compose(r -> r == VoteResult.COUNTED ? decisions.vouched(tx, poll.threadId(), author.id(), branches).map(r)
                : Future.succeededFuture(r)))
        .map(result -> switch (result) {
          case COUNTED -> "vote_counted";
          case REPEATED -> "ignored:repeated_vote";
          case ALREADY_VOTED -> "ignored:already_voted";
        })
        // The same vote Note arriving twice at once: the unique id keeps the second out.
        .recover(e -> org.torg.server.db.ActorRepository.isUniqueViolation(e)
            ? Future.succeededFuture("ignored:repeated_vote") : Future.failedFuture(e));
  }

  /**
   * The official response: a reply to the consultation's root by one of the Group's moderators,
   * once input has closed, listing the contributions it took up with their authors, whom it
   * mentions (a Mention tag and an address each) so their own servers notify them.
   */
  public Future<Post> respond(Principal by, long threadId, String content, List<Long> cites) {
    if (cites.size() > MAX_CITES) {
      return invalid("invalid_cites", "A response cites at most " + MAX_CITES + " posts.");
    }
    if (new HashSet<>(cites).size() != cites.size()) {
      return invalid("invalid_cites", "Each post is cited once.");
    }
    return consultation(threadId).compose(c -> threads.findById(threadId).map(Optional::orElseThrow)
        .compose(thread -> groups.findByActorId(thread.groupId().orElse(-1L)))
        .map(g -> g.orElseThrow(() -> new HttpError(404, "not_found", "This consultation's group is gone.")))
        .compose(group -> permissions.groupModerator(Optional.of(by), group)).map(c)).compose(c -> {
      ConsultationPhase phase = c.phase(clock.instant());
      if (phase == ConsultationPhase.OPEN) {
        return Future.failedFuture(new HttpError(409, "input_still_open", "The response comes once input has closed."));
      }
      if (phase == ConsultationPhase.ANSWERED) {
        return Future.failedFuture(new HttpError(409, "already_answered", "This consultation has its response."));
      }
      return threads.findById(threadId).map(Optional::orElseThrow).compose(thread -> posts.ofThread(threadId).compose(all -> {
        Map<Long, Post> byId = new LinkedHashMap<>();
        all.forEach(p -> byId.put(p.id(), p));
        List<Post> cited = new ArrayList<>();
        for (long id : cites) {
          Post p = byId.get(id);
          if (p == null || p.deleted() || p.parentId().isEmpty()) {
            return invalid("invalid_cites", "Post " + id + " is not a reply in this consultation.");
          }
          cited.add(p);
        }
        Post root = byId.get(thread.rootPostId().orElseThrow());
        List<LocalPosts.Mentioned> mentions = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Post p : cited) {
          if (seen.add(p.author().id())) {
            mentions.add(new LocalPosts.Mentioned(p.author()));
          }
        }
        String source = content + citations(cited);
        return localPosts.reply(by, root, source, null, new LocalPosts.ReplyExtras(mentions,
            (tx, postId) -> consultations.setResponse(tx, threadId, postId, cites)))
            .recover(e -> e instanceof ConsultationRepository.AlreadyAnswered
                ? Future.failedFuture(new HttpError(409, "already_answered", "This consultation has its response."))
                : Future.failedFuture(e));
      }));
    });
  }

  /** The cited contributions, listed under the response: a link to each, its author credited. */
  static String citations(List<Post> cited) {
    if (cited.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("\n\n**Contributions taken up:**\n");
    int n = 1;
    for (Post p : cited) {
      out.append('\n').append(n++).append(". [").append(Markdown.escape(p.author().handle())).append("](")
          .append(p.pageUrl()).append(')');
    }
    return out.append('\n').toString();
  }


  /**
   * Closes the polls whose end has come: each once (the row update decides, on any node), its
   * Question with the final counts sent as an Update to its voters and everyone who has the post.
   */
  public Future<Integer> closeDuePolls() {
    Instant now = clock.instant();
    return consultations.duePolls(now, 20).compose(due -> {
      Future<Integer> closed = Future.succeededFuture(0);
      for (long threadId : due) {
        closed = closed.compose(n -> outbox.inTransaction(tx -> consultations.markClosed(tx, threadId, now).compose(won -> {
          if (!won) {
            return Future.succeededFuture(n);
          }
          return consultations.poll(tx, threadId).map(Optional::orElseThrow)
              .compose(poll -> posts.findById(tx, poll.postId()).map(Optional::orElseThrow))
              .compose(root -> consultations.remoteVoterInboxes(tx, threadId)
                  .compose(voters -> root.deleted() ? Future.succeededFuture() : localPosts.resend(tx, root, voters)))
              .map(n + 1);
        })));
      }
      return closed;
    });
  }

  public Future<Consultation> consultation(long threadId) {
    return consultations.find(threadId).map(c -> c.orElseThrow(() -> new HttpError(404, "not_found", "No such consultation.")));
  }

  private Future<Poll> openPoll(long threadId) {
    return consultations.poll(threadId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new HttpError(404, "not_found", "This thread has no poll."));
      }
      if (!found.get().openAt(clock.instant())) {
        return Future.failedFuture(new HttpError(409, "poll_closed", "This poll has ended."));
      }
      return Future.succeededFuture(found.get());
    });
  }

  private static <T> Future<T> invalid(String code, String message) {
    return Future.failedFuture(new HttpError(422, code, message));
  }
}
