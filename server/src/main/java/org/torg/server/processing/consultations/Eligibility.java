package org.torg.server.processing.consultations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.torg.server.convert.MembershipStatement;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.model.Actor;
import org.torg.server.model.Poll;
import org.torg.server.processing.network.HubBranches;
import org.torg.server.processing.network.MembershipStatements;
import org.torg.server.processing.network.MembershipStatements.Check;
import org.torg.server.processing.remote.RemoteFetches;

/**
 * Who may vote in a members-only poll (FEDERATION.md, "Members-only votes"): an actor that a
 * branch of the hub holding the consultation vouches for. The statements a vote carries are
 * checked, and every branch is asked for its own (a local branch answers from its roll), so a
 * member of several branches is vouched for by each and still counts once: votes are per actor.
 */
public final class Eligibility {

  /** More statements than a vote needs: each may cost a key fetch and a verification. */
  public static final int MAX_CARRIED = 4;
  /** The branches asked per vote; a hub with more lists its members in the statements they carry. */
  public static final int MAX_ASKED = 50;

  /**
   * @param branches the branches that vouched, when it counts
   * @param reason the refused vote's reason code, when it does not
   */
  public record Decision(boolean counts, Set<String> branches, String reason, String detail) {}

  private final ThreadRepository threads;
  private final ActorRepository actors;
  private final HubBranches hubBranches;
  private final MembershipStatements statements;
  private final RemoteFetches fetches;

  public Eligibility(ThreadRepository threads, ActorRepository actors, HubBranches hubBranches, MembershipStatements statements,
      RemoteFetches fetches) {
    this.threads = threads;
    this.actors = actors;
    this.hubBranches = hubBranches;
    this.statements = statements;
    this.fetches = fetches;
  }

  /**
   * The membership statements a vote Note carries in {@code torg:membership}: embedded
   * statements or their URLs, at most {@link #MAX_CARRIED}.
   */
  public static List<Object> carried(JsonObject note) {
    Object raw = note == null ? null : note.getValue("membership", note.getValue("torg:membership"));
    List<Object> out = new ArrayList<>();
    if (raw instanceof JsonArray array) {
      array.forEach(out::add);
    } else if (raw != null) {
      out.add(raw);
    }
    return out;
  }

  /** Decides whether {@code voter}'s vote counts; never fails for a bad statement, only for a broken database. */
  public Future<Decision> decide(Poll poll, Actor voter, List<Object> carried) {
    if (!poll.membersOnly()) {
      return Future.succeededFuture(new Decision(true, Set.of(), null, "open to everyone"));
    }
    if (carried.size() > MAX_CARRIED) {
      return Future.succeededFuture(new Decision(false, Set.of(), "statement_invalid",
          "a vote carries at most " + MAX_CARRIED + " membership statements"));
    }
    return threads.findById(poll.threadId()).compose(thread -> hubBranches.branchUrisOf(thread.orElseThrow().groupId().orElse(-1L)))
        .compose(branches -> {
          List<Future<Check>> checks = new ArrayList<>();
          for (Object statement : carried) {
            checks.add(checkCarried(statement, voter, branches));
          }
          int carriedCount = checks.size();
          branches.stream().limit(MAX_ASKED).forEach(branch -> checks.add(ask(branch, voter, branches)));
          return Future.join(checks).transform(done -> {
            Set<String> vouched = new LinkedHashSet<>();
            Check firstCarriedRefusal = null;
            for (int i = 0; i < checks.size(); i++) {
              Check c = checks.get(i).succeeded() ? checks.get(i).result() : null;
              if (c != null && c.counts()) {
                vouched.add(c.branch().orElseThrow());
              } else if (i < carriedCount && firstCarriedRefusal == null) {
                firstCarriedRefusal = c != null ? c : new Check(Optional.empty(), Optional.of("statement_invalid"), "unreadable");
              }
            }
            if (!vouched.isEmpty()) {
              return Future.succeededFuture(new Decision(true, vouched, null, "vouched for by " + String.join(", ", vouched)));
            }
            if (firstCarriedRefusal != null) {
              return Future.succeededFuture(new Decision(false, Set.of(), firstCarriedRefusal.reason().orElse("statement_invalid"),
                  firstCarriedRefusal.detail()));
            }
            return Future.succeededFuture(new Decision(false, Set.of(), "not_a_member",
                "no branch of the hub vouches for the voter"));
          });
        });
  }

  /** A statement the vote carries: embedded, or the URL it is served at (fetched from there). */
  private Future<Check> checkCarried(Object statement, Actor voter, Set<String> branches) {
    if (statement instanceof JsonObject embedded) {
      return statements.check(embedded, voter.uri(), branches);
    }
    if (statement instanceof String url) {
      return fetch(url).compose(found -> found.map(s -> statements.check(s, voter.uri(), branches))
          .orElseGet(() -> Future.succeededFuture(new Check(Optional.empty(), Optional.of("statement_invalid"),
              "a statement it names could not be fetched"))));
    }
    return Future.succeededFuture(new Check(Optional.empty(), Optional.of("statement_invalid"), "a statement is an object or its URL"));
  }

  /** Asks a branch for its statement about the voter; a local branch answers from its roll. */
  private Future<Check> ask(String branch, Actor voter, Set<String> branches) {
    return actors.findByUri(branch).compose(found -> {
      if (found.isPresent() && found.get().local()) {
        return statements.localMember(found.get().id(), voter.uri()).map(member -> member
            ? new Check(Optional.of(branch), Optional.empty(), "on the roll of " + branch)
            : new Check(Optional.empty(), Optional.of("not_a_member"), "not on the roll of " + branch));
      }
      return fetch(MembershipStatement.url(branch, voter.uri())).compose(statement -> statement
          .map(s -> statements.check(s, voter.uri(), branches))
          .orElseGet(() -> Future.succeededFuture(new Check(Optional.empty(), Optional.of("not_a_member"),
              branch + " does not vouch for the voter"))));
    });
  }

  /** A statement fetched from its URL (SSRF-guarded, its id must be the URL); empty when it cannot be had. */
  private Future<Optional<JsonObject>> fetch(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(Optional.empty());
    }
    return fetches.fetchJson(uri).map(doc -> Optional.of(doc.json()))
        .otherwise(Optional.empty());
  }
}
