package org.torg.server.processing.network;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.torg.server.convert.LocalUris;
import org.torg.server.convert.MembershipStatement;
import org.torg.server.db.GroupMemberRepository;
import org.torg.server.model.LocalGroup;
import org.torg.server.processing.LocalActors;
import org.torg.server.processing.LocalKeys;
import org.torg.server.processing.inbound.InboundProofs;

/**
 * Membership statements (FEDERATION.md, "Members-only votes"): a local Group issues one for each
 * of its members, signed with its assertion key; a statement from any server is checked here
 * before a members-only vote counts. Signing and verifying run on worker threads.
 */
public final class MembershipStatements {

  /** Long enough for a vote to travel and be counted, short enough that a member who left stops counting. */
  public static final Duration VALID_FOR = Duration.ofDays(7);

  /**
   * What checking one statement found: the vouching branch, or the reason it does not count.
   *
   * @param branch the Group that vouched, when it counts
   * @param reason a refused vote's reason code, when it does not
   */
  public record Check(Optional<String> branch, Optional<String> reason, String detail) {
    static Check vouched(String branch) {
      return new Check(Optional.of(branch), Optional.empty(), "vouched for by " + branch);
    }

    static Check refused(String reason, String detail) {
      return new Check(Optional.empty(), Optional.of(reason), detail);
    }

    public boolean counts() {
      return branch.isPresent();
    }
  }

  private final Vertx vertx;
  private final GroupMemberRepository members;
  private final LocalKeys keys;
  private final LocalUris uris;
  private final InboundProofs proofs;
  private final Clock clock;

  public MembershipStatements(Vertx vertx, GroupMemberRepository members, LocalKeys keys, LocalUris uris, InboundProofs proofs,
      Clock clock) {
    this.vertx = vertx;
    this.members = members;
    this.keys = keys;
    this.uris = uris;
    this.proofs = proofs;
    this.clock = clock;
  }

  /** The Group's signed statement about {@code personUri}; empty when that is not a member of it. */
  public Future<Optional<JsonObject>> issue(LocalGroup group, String personUri) {
    return members.isMember(group.actor().id(), personUri).compose(member -> {
      if (!member) {
        return Future.succeededFuture(Optional.empty());
      }
      Instant now = clock.instant();
      JsonObject unsigned = MembershipStatement.unsigned(group.actor().uri(), personUri, now, now.plus(VALID_FOR));
      return keys.ensureAssertionKey(LocalActors.keyOwner(group.actor())).compose(key -> vertx.executeBlocking(() ->
          Optional.of(MembershipStatement.sign(unsigned, uris.assertionKey(group.actor().uri()), key.privateKey(), now)), false));
    });
  }

  /** Whether a local Group vouches for a local actor: its own roll, no statement needed. */
  public Future<Boolean> localMember(long groupActorId, String personUri) {
    return members.isMember(groupActorId, personUri);
  }

  /**
   * Checks a statement for a vote by {@code voterUri} in a hub whose branches are {@code branches}:
   * its proof by its {@code actor}'s key (fetched the usual way), then that it names the voter,
   * has not expired and comes from one of the branches. Never fails: each problem is a Check.
   */
  public Future<Check> check(JsonObject statement, String voterUri, Set<String> branches) {
    if (statement.encode().length() > MembershipStatement.MAX_CHARS) {
      return Future.succeededFuture(Check.refused("statement_invalid", "a statement is at most "
          + MembershipStatement.MAX_CHARS + " characters"));
    }
    Instant now = clock.instant();
    Optional<String> malformed = MembershipStatement.problem(statement, voterUri, now)
        .filter(reason -> reason.equals("statement_invalid"));
    if (malformed.isPresent()) {
      return Future.succeededFuture(Check.refused(malformed.get(), "not a Membership statement with id, actor, object,"
          + " published, expires and proof"));
    }
    String branch = statement.getString("actor");
    return proofs.check(statement).map(verdict -> {
      if (!verdict.provenBy(branch)) {
        return Check.refused("statement_invalid", "its proof does not hold for " + branch + ": " + verdict.detail());
      }
      Optional<String> problem = MembershipStatement.problem(statement, voterUri, now);
      if (problem.isPresent()) {
        return Check.refused(problem.get(), problem.get().equals("statement_expired")
            ? "expired at " + statement.getString("expires") : "it vouches for another actor");
      }
      if (!branches.contains(branch)) {
        return Check.refused("branch_not_in_hub", branch + " is not a branch of this hub");
      }
      return Check.vouched(branch);
    });
  }
}
