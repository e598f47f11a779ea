package org.torg.server.processing.accounts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.IDN;
import java.util.List;
import java.util.Locale;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.PersonalBlockRepository;
import org.torg.server.db.PersonalBlockRepository.Hidden;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.processing.delivery.Outbox;

/**
 * Blocking and muting, per person, as Mastodon does it. A block ends follows both ways and, for
 * an actor elsewhere, is sent as {@code Block} (an unblock as {@code Undo} of it), so their server
 * stops showing them to each other; a mute is private and sends nothing. A person's block of a
 * whole server hides everything from there from them. What is hidden is hidden from that reader's
 * thread pages and notifications; blocks received from elsewhere ({@link #blockedBy}) hide the
 * blocker from the blocked too, and end the follows as a sent one does.
 */
public final class PersonalBlocks {

  private static final int MAX_DOMAIN = 253;

  private final PersonalBlockRepository blocks;
  private final FollowRepository follows;
  private final Outbox outbox;
  private final ActivityDocuments documents;

  public PersonalBlocks(PersonalBlockRepository blocks, FollowRepository follows, Outbox outbox, ActivityDocuments documents) {
    this.blocks = blocks;
    this.follows = follows;
    this.outbox = outbox;
    this.documents = documents;
  }

  public PersonalBlockRepository repository() {
    return blocks;
  }

  public Future<Hidden> hiddenFrom(Actor reader) {
    return blocks.hiddenFrom(reader.id());
  }

  /** Blocks {@code target}; false when it was blocked already (nothing is sent again). */
  public Future<Boolean> block(Actor blocker, Actor target) {
    if (target.id() == blocker.id()) {
      return Future.failedFuture(new HttpError(422, "invalid_target", "You cannot block yourself."));
    }
    JsonObject block = target.local() ? null : documents.block(blocker, target);
    return outbox.inTransaction(tx -> blocks.block(tx, blocker.id(), target.id(), block).compose(added -> !added
        ? Future.succeededFuture(false)
        : follows.delete(tx, blocker.id(), target.id()).compose(v -> follows.delete(tx, target.id(), blocker.id()))
            .compose(v -> block == null ? Future.succeededFuture(true)
                : outbox.send(tx, blocker, block, List.of(target.inbox())).map(true))));
  }

  /** Unblocks; false when there was no block. An actor elsewhere gets Undo of the Block as sent. */
  public Future<Boolean> unblock(Actor blocker, Actor target) {
    return outbox.inTransaction(tx -> blocks.unblock(tx, blocker.id(), target.id()).compose(removed -> {
      if (removed.isEmpty()) {
        return Future.succeededFuture(false);
      }
      return target.local() || removed.get().isEmpty() ? Future.succeededFuture(true)
          : outbox.send(tx, blocker, documents.undo(blocker, removed.get(), target.uri()), List.of(target.inbox())).map(true);
    }));
  }

  public Future<Boolean> mute(Actor muter, Actor target) {
    if (target.id() == muter.id()) {
      return Future.failedFuture(new HttpError(422, "invalid_target", "You cannot mute yourself."));
    }
    return blocks.mute(muter.id(), target.id());
  }

  public Future<Boolean> unmute(Actor muter, Actor target) {
    return blocks.unmute(muter.id(), target.id());
  }

  /** A host name, lower case, punycode; 422 for anything else (a URL, a handle, an address with a port is fine). */
  public static String domain(String raw, String ownAuthority) {
    String d = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    String ascii;
    try {
      ascii = IDN.toASCII(d, IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      ascii = "";
    }
    String host = d.contains(":") ? d : ascii;
    if (host.isEmpty() || host.length() > MAX_DOMAIN || !host.matches("[a-z0-9.-]+(:[0-9]{1,5})?") || host.startsWith(".")) {
      throw new HttpError(422, "invalid_domain", "domain is a server's host name, e.g. mastodon.example.");
    }
    if (host.equals(ownAuthority)) {
      throw new HttpError(422, "invalid_domain", "That is this server.");
    }
    return host;
  }

  public Future<Boolean> blockDomain(Actor who, String domain) {
    return blocks.blockDomain(who.id(), domain);
  }

  public Future<Boolean> unblockDomain(Actor who, String domain) {
    return blocks.unblockDomain(who.id(), domain);
  }

  /** A Block from elsewhere of a local actor: remembered, and the follows between them end. */
  public Future<String> blockedBy(Actor blocker, Actor blocked, JsonObject activity) {
    return outbox.inTransaction(tx -> blocks.block(tx, blocker.id(), blocked.id(), activity).compose(added -> !added
        ? Future.succeededFuture("ignored:already_blocked")
        : follows.delete(tx, blocker.id(), blocked.id()).compose(v -> follows.delete(tx, blocked.id(), blocker.id()))
            .map("blocked")));
  }

  /** Its Undo. */
  public Future<String> unblockedBy(Actor blocker, Actor blocked) {
    return outbox.inTransaction(tx -> blocks.unblock(tx, blocker.id(), blocked.id()))
        .map(removed -> removed.isPresent() ? "unblocked" : "ignored:not_blocked");
  }
}
