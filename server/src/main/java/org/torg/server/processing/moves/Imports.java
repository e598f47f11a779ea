package org.torg.server.processing.moves;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.server.db.AccountImportRepository;
import org.torg.server.db.AccountImportRepository.Import;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.processing.Follows;
import org.torg.server.processing.accounts.PersonalBlocks;
import org.torg.server.processing.remote.ActorLookup;

/**
 * Importing follows, blocks or mutes from a Mastodon CSV, in Mastodon's merge mode (what is there
 * stays; what the file lists is added). The upload is checked whole and stored in one go; then a
 * run-once job works through it a few lines at a time, off the request path: each address is
 * resolved through WebFinger and followed (or blocked, or muted) with the usual code, and each
 * line's outcome is kept for the person to see.
 */
public final class Imports {

  public static final Set<String> KINDS = Set.of("following", "blocks", "mutes");
  public static final int MAX_BYTES = 512 * 1024;
  public static final int MAX_ROWS = 5_000;
  /** Lines one run of the job works through: followed one after another, so a run stays short. */
  static final int BATCH = 20;
  private static final Logger LOG = LoggerFactory.getLogger(Imports.class);

  private final AccountImportRepository imports;
  private final ActorRepository actors;
  private final ActorLookup lookup;
  private final Follows follows;
  private final PersonalBlocks blocks;
  private final FollowRepository followRows;

  public Imports(AccountImportRepository imports, ActorRepository actors, ActorLookup lookup, Follows follows, PersonalBlocks blocks,
      FollowRepository followRows) {
    this.followRows = followRows;
    this.imports = imports;
    this.actors = actors;
    this.lookup = lookup;
    this.follows = follows;
    this.blocks = blocks;
  }

  public AccountImportRepository repository() {
    return imports;
  }

  /** Checks and stores an upload; answers the new import (queued). */
  public Future<Import> submit(Actor me, String kind, byte[] body) {
    if (kind == null || !KINDS.contains(kind)) {
      return Future.failedFuture(new HttpError(422, "invalid_type", "type is one of following, blocks, mutes."));
    }
    if (body.length > MAX_BYTES) {
      return Future.failedFuture(new HttpError(413, "too_large", "An import file has at most " + MAX_BYTES / 1024 + " KiB."));
    }
    List<ImportCsv.Entry> entries;
    try {
      entries = ImportCsv.parse(new String(body, StandardCharsets.UTF_8), MAX_ROWS);
    } catch (HttpError e) {
      return Future.failedFuture(e);
    }
    return imports.countUnfinished(me.id()).compose(open -> open > 0
        ? Future.failedFuture(new HttpError(409, "import_running", "An import of yours is still running; wait for it to finish."))
        : imports.insert(me.id(), kind, entries.stream().map(ImportCsv.Entry::address).toList(),
            entries.stream().map(ImportCsv.Entry::line).toList()))
        .compose(id -> imports.find(me.id(), id)).map(found -> found.orElseThrow());
  }

  /** One run of the job: a batch of queued lines, each settled as done or failed with a reason. */
  public Future<Void> work() {
    return imports.queued(BATCH).compose(lines -> {
      Future<Void> chain = Future.succeededFuture();
      for (AccountImportRepository.Queued line : lines) {
        chain = chain.compose(v -> one(line));
      }
      return chain;
    }).compose(v -> imports.finishDone()).mapEmpty();
  }

  private Future<Void> one(AccountImportRepository.Queued line) {
    return actors.findById(line.actorId()).compose(me -> {
      if (me.isEmpty() || me.get().deleted()) {
        return imports.settle(line.importId(), line.line(), "failed", "The importing account is gone.");
      }
      return lookup.find(line.address()).compose(target -> {
        if (target.id() == me.get().id()) {
          return Future.failedFuture(new HttpError(422, "invalid_target", "That is your own account."));
        }
        return switch (line.kind()) {
          case "blocks" -> blocks.block(me.get(), target).mapEmpty();
          case "mutes" -> blocks.mute(me.get(), target).mapEmpty();
          // Merge mode: a follow already there stays as it is, and no Follow is sent again.
          default -> followRows.isFollowing(me.get().id(), target.id()).compose(already -> already ? Future.<Void>succeededFuture()
              : follows.follow(me.get(), target.uri()).mapEmpty());
        };
      }).compose(v -> imports.settle(line.importId(), line.line(), "done", null), e -> {
        String reason = e instanceof HttpError h ? h.getMessage() : "It could not be reached.";
        if (!(e instanceof HttpError)) {
          LOG.info("import {} line {} ({}) failed: {}", line.importId(), line.line(), line.address(), e.getMessage());
        }
        return imports.settle(line.importId(), line.line(), "failed", reason);
      });
    });
  }
}
