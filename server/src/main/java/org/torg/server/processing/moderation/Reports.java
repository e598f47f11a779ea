package org.torg.server.processing.moderation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.torg.federation.vocab.ActivityStreams;
import org.torg.federation.vocab.InboundActivity;
import org.torg.server.convert.LocalUris;
import org.torg.server.db.AccountRepository;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.ModlogRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.ReportRepository;
import org.torg.server.db.ReportRepository.NewReport;
import org.torg.server.db.ReportRepository.Stored;
import org.torg.server.error.HttpError;
import org.torg.server.model.Account;
import org.torg.server.model.Actor;
import org.torg.server.model.ModAction;
import org.torg.server.model.ModlogEntry;
import org.torg.server.model.Post;
import org.torg.server.model.Principal;
import org.torg.server.model.Report;
import org.torg.server.model.Sanction;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.remote.ActorLookup;

/**
 * The moderators' queue. Local accounts report an account and/or posts; another server's
 * {@code Flag} (Mastodon sends it from its instance actor: object = [actor, posts…], content =
 * the comment) lands in the same queue. A moderator resolves a report with one action; a report
 * about content on another server may be forwarded there as a {@code Flag} from Torg's instance
 * actor. The reporter sees the outcome in their own list of reports.
 */
public final class Reports {

  public static final int MAX_COMMENT = 1000;
  public static final int MAX_POSTS = 20;
  public static final int MAX_REASON = 1000;

  /** What a moderator may do with a report (API.md). */
  public enum Action {
    DISMISS, DELETE_POST, SILENCE, SUSPEND, FORWARD;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Action> fromWire(String value) {
      for (Action a : values()) {
        if (a.wire().equals(value)) {
          return Optional.of(a);
        }
      }
      return Optional.empty();
    }
  }

  private final ReportRepository reports;
  private final ActorRepository actors;
  private final AccountRepository accounts;
  private final PostRepository posts;
  private final ActorLookup lookup;
  private final Sanctions sanctions;
  private final PostRemovals removals;
  private final DomainBlocks domains;
  private final Outbox outbox;
  private final ModlogRepository modlog;
  private final LocalUris uris;

  public Reports(ReportRepository reports, ActorRepository actors, AccountRepository accounts, PostRepository posts,
      ActorLookup lookup, Sanctions sanctions, PostRemovals removals, DomainBlocks domains, Outbox outbox, ModlogRepository modlog,
      LocalUris uris) {
    this.reports = reports;
    this.actors = actors;
    this.accounts = accounts;
    this.posts = posts;
    this.lookup = lookup;
    this.sanctions = sanctions;
    this.removals = removals;
    this.domains = domains;
    this.outbox = outbox;
    this.modlog = modlog;
    this.uris = uris;
  }

  /** A local account's report: a target account, posts, or both (the posts must be the target's). */
  public Future<Report> create(Principal reporter, Optional<String> targetAccount, List<String> postIds, String rawComment) {
    String comment = rawComment == null ? "" : rawComment.strip();
    if (comment.length() > MAX_COMMENT) {
      return Future.failedFuture(new HttpError(422, "invalid_comment", "A comment has at most " + MAX_COMMENT + " characters."));
    }
    if (targetAccount.isEmpty() && postIds.isEmpty()) {
      return Future.failedFuture(new HttpError(422, "missing_target", "Report an account (targetAccount), posts, or both."));
    }
    if (postIds.size() > MAX_POSTS) {
      return Future.failedFuture(new HttpError(422, "invalid_posts", "A report names at most " + MAX_POSTS + " posts."));
    }
    Future<List<Post>> reported = Future.succeededFuture(new ArrayList<>());
    for (String raw : new LinkedHashSet<>(postIds)) {
      reported = reported.compose(list -> postById(raw).map(p -> {
        list.add(p);
        return list;
      }));
    }
    return reported.compose(list -> {
      Future<Actor> target = targetAccount.isPresent() ? lookup.find(targetAccount.get())
          : Future.succeededFuture(list.get(0).author());
      return target.compose(actor -> {
        if (list.stream().anyMatch(p -> p.author().id() != actor.id())) {
          return Future.failedFuture(new HttpError(422, "invalid_posts", "Every reported post must be by the reported account."));
        }
        if (actor.id() == reporter.account().actor().id()) {
          return Future.failedFuture(new HttpError(422, "invalid_target", "You cannot report yourself."));
        }
        return reports.insert(reports.pool(), new NewReport(Report.Origin.LOCAL, reporter.accountId(), reporter.account().actor().id(),
                actor.id(), list.stream().map(Post::id).toList(), comment, null))
            .compose(id -> find(id.orElseThrow()));
      });
    });
  }

  /**
   * A Flag from another server. The objects it names that Torg has (actors, posts) make the
   * report; the target is the first actor named, or the first post's author. Returns the outcome code.
   */
  public Future<String> receive(InboundActivity.Flag flag, Actor reporter) {
    if (domains.rejectsReports(reporter.host())) {
      return Future.succeededFuture("ignored:reports_rejected_from_domain");
    }
    // Mastodon sends plain text; any markup another server adds is dropped, never rendered.
    String comment = flag.content() == null ? "" : flag.content().replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
    if (comment.length() > MAX_COMMENT) {
      comment = comment.substring(0, MAX_COMMENT);
    }
    String text = comment;
    Future<List<Actor>> named = Future.succeededFuture(new ArrayList<>());
    Future<List<Post>> namedPosts = Future.succeededFuture(new ArrayList<>());
    for (String uri : flag.objects()) {
      named = named.compose(list -> actors.findByUri(uri).map(a -> {
        a.filter(x -> x.type() != org.torg.server.model.ActorType.Application).ifPresent(list::add);
        return list;
      }));
      namedPosts = namedPosts.compose(list -> posts.findByUri(uri).map(p -> {
        p.ifPresent(list::add);
        return list;
      }));
    }
    Future<List<Actor>> actorsNamed = named;
    Future<List<Post>> postsNamed = namedPosts;
    return actorsNamed.compose(targets -> postsNamed.compose(found -> {
      Optional<Actor> target = targets.stream().findFirst().or(() -> found.stream().findFirst().map(Post::author));
      if (target.isEmpty()) {
        return Future.succeededFuture("ignored:nothing_reported_is_here");
      }
      List<Long> ids = found.stream().filter(p -> p.author().id() == target.get().id()).map(Post::id).toList();
      return reports.insert(reports.pool(), new NewReport(Report.Origin.REMOTE, null, reporter.id(), target.get().id(),
              ids.size() > MAX_POSTS ? ids.subList(0, MAX_POSTS) : ids, text, flag.id()))
          .map(id -> id.isPresent() ? "report_stored" : "ignored:already_stored");
    }));
  }

  public Future<Report> find(long id) {
    return reports.findById(id).compose(found -> found.isEmpty()
        ? Future.failedFuture(new HttpError(404, "not_found", "No such report.")) : withTarget(found.get()));
  }

  public Future<List<Report>> queue(Report.State state) {
    return reports.byState(state, 0, 200).compose(this::withTargets);
  }

  /** The reporter's own reports, newest first, with what became of them. */
  public Future<List<Report>> of(Principal reporter) {
    return reports.byReporter(reporter.accountId(), 100).compose(this::withTargets);
  }

  /** A moderator's decision: the action, then the report marked resolved with it. */
  public Future<Report> resolve(Principal by, long id, String rawAction, String rawReason) {
    Optional<Action> parsed = Action.fromWire(rawAction);
    if (parsed.isEmpty()) {
      return Future.failedFuture(new HttpError(422, "invalid_action", "action is dismiss, delete_post, silence, suspend or forward."));
    }
    Action action = parsed.get();
    String reason = rawReason == null ? "" : rawReason.strip();
    if (reason.length() > MAX_REASON) {
      return Future.failedFuture(new HttpError(422, "invalid_reason", "A reason has at most " + MAX_REASON + " characters."));
    }
    if (reason.isEmpty() && action != Action.DISMISS) {
      return Future.failedFuture(new HttpError(422, "missing_reason", "Every moderation action needs a reason: it is published in the moderation log."));
    }
    // One transaction: the report is marked resolved first, which locks its row, so a second
    // moderator resolving it at the same time waits and then finds it resolved; an action that
    // fails part-way rolls back with everything it wrote and leaves the report open.
    return find(id).compose(report -> {
      if (!report.open()) {
        return alreadyResolved();
      }
      return outbox.inTransaction(tx -> reports.resolve(tx, id, by.accountId(), action.wire(), reason)
              .compose(won -> won ? act(tx, by, report, action, reason) : alreadyResolved()))
          .compose(v -> action == Action.SILENCE || action == Action.SUSPEND ? sanctions.reload() : Future.succeededFuture())
          .compose(v -> find(id));
    });
  }

  private static <T> Future<T> alreadyResolved() {
    return Future.failedFuture(new HttpError(409, "already_resolved", "That report was resolved already."));
  }

  private Future<Void> act(SqlConnection tx, Principal by, Report report, Action action, String reason) {
    switch (action) {
      case DISMISS:
        return Future.succeededFuture();
      case DELETE_POST:
        if (report.postIds().isEmpty()) {
          return Future.failedFuture(new HttpError(422, "no_posts", "This report names no posts to delete."));
        }
        return affectedAccount(report.target()).compose(affected -> {
          Future<Void> done = Future.succeededFuture();
          for (long postId : report.postIds()) {
            done = done.compose(v -> posts.findById(tx, postId)).compose(p -> p.isEmpty() || p.get().deleted()
                ? Future.succeededFuture() : removals.remove(tx, by, p.get(), reason, affected.orElse(null), null));
          }
          return done;
        });
      case SILENCE:
      case SUSPEND:
        return target(report).compose(actor -> sanctions.apply(tx, by, actor, action == Action.SILENCE ? Sanction.SILENCE
            : Sanction.SUSPEND, reason));
      case FORWARD:
        return target(report).compose(actor -> actor.local()
            ? Future.failedFuture(new HttpError(422, "not_remote", "Only a report about another server's account can be forwarded."))
            : forward(tx, by, report, actor, reason));
      default:
        throw new IllegalStateException(action.name());
    }
  }

  /** The report as a Flag from the instance actor to the reported actor's server, as Mastodon forwards one. */
  private Future<Void> forward(SqlConnection tx, Principal by, Report report, Actor target, String reason) {
    return actors.findByUri(uris.instanceActor()).map(Optional::orElseThrow).compose(instance -> postUris(report).compose(postUris -> {
      JsonArray objects = new JsonArray().add(target.uri());
      postUris.forEach(objects::add);
      JsonObject flag = new JsonObject()
          .put("@context", ActivityStreams.NS)
          .put("id", uris.activity(UUID.randomUUID().toString()))
          .put("type", "Flag")
          .put("actor", instance.uri())
          .put("content", report.comment())
          .put("object", objects)
          .put("to", new JsonArray().add(target.uri()));
      return outbox.send(tx, instance, flag, List.of(target.deliveryInbox()))
          .compose(v -> modlog.record(tx, new ModlogEntry.New(ModAction.FORWARD_REPORT, target.handle(), reason, by.accountId(),
              null, null))).mapEmpty();
    }));
  }

  private Future<List<String>> postUris(Report report) {
    Future<List<String>> out = Future.succeededFuture(new ArrayList<>());
    for (long id : report.postIds()) {
      out = out.compose(list -> posts.findById(id).map(p -> {
        p.filter(post -> !post.local()).ifPresent(post -> list.add(post.uri()));
        return list;
      }));
    }
    return out;
  }

  private static Future<Actor> target(Report report) {
    return report.target().map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new HttpError(422, "no_target", "This report names no account.")));
  }

  private Future<Optional<Long>> affectedAccount(Optional<Actor> target) {
    return target.filter(Actor::local).map(a -> accounts.findByActorId(a.id()).map(acc -> acc.map(Account::id)))
        .orElse(Future.succeededFuture(Optional.empty()));
  }

  private Future<Post> postById(String raw) {
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      return Future.failedFuture(new HttpError(422, "invalid_posts", "posts are post ids."));
    }
    return posts.findById(id).map(p -> p.orElseThrow(() -> new HttpError(422, "invalid_posts", "No post " + raw + ".")));
  }

  private Future<List<Report>> withTargets(List<Stored> stored) {
    Future<List<Report>> out = Future.succeededFuture(new ArrayList<>());
    for (Stored s : stored) {
      out = out.compose(list -> withTarget(s).map(r -> {
        list.add(r);
        return list;
      }));
    }
    return out;
  }

  private Future<Report> withTarget(Stored s) {
    Report r = s.withoutTarget();
    return s.targetActorId().map(actors::findById).orElse(Future.succeededFuture(Optional.empty()))
        .map(target -> new Report(r.id(), r.state(), r.origin(), r.reporter(), r.reporterAccountId(), target, r.postIds(),
            r.comment(), r.createdAt(), r.resolution()));
  }
}
