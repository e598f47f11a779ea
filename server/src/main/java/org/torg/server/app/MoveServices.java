package org.torg.server.app;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.torg.server.config.TorgConfig;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.convert.LocalUris;
import org.torg.server.convert.MoveDocuments;
import org.torg.server.db.AccountExportRepository;
import org.torg.server.db.AccountImportRepository;
import org.torg.server.db.AccountMoveRepository;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.processing.ActorUpdates;
import org.torg.server.processing.Follows;
import org.torg.server.processing.LocalKeys;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.moves.Aliases;
import org.torg.server.processing.moves.Exports;
import org.torg.server.processing.moves.Imports;
import org.torg.server.processing.moves.FollowerMigration;
import org.torg.server.processing.moves.MoveChecks;
import org.torg.server.processing.moves.MovesIn;
import org.torg.server.processing.moves.MovesOut;
import org.torg.server.processing.remote.ActorLookup;
import org.torg.server.processing.remote.RemoteActors;
import org.torg.server.processing.remote.RemoteFetches;

/** Aliases, moving out and in, data export and import: the part of {@link Services} for leaving or joining with one's follows. */
public record MoveServices(
    AccountMoveRepository repository,
    Aliases aliases,
    MovesOut movesOut,
    MovesIn movesIn,
    Exports exports,
    Imports imports) {

  static MoveServices create(Vertx vertx, Pool pool, TorgConfig config, AccountMoveRepository moves, ActorRepository actors,
      FollowRepository follows, RemoteActors remoteActors, RemoteFetches fetches, ActorLookup lookup, AccountServices accounts,
      ActorUpdates actorUpdates, Outbox outbox, ActivityDocuments documents, Follows localFollows, LocalUris uris, LocalKeys keys) {
    var checks = new MoveChecks(actors, moves, remoteActors, fetches, config.publicAuthority());
    var migration = new FollowerMigration(moves, localFollows, follows, accounts.personalBlocks());
    return new MoveServices(moves,
        new Aliases(moves, lookup, actorUpdates),
        new MovesOut(moves, follows, lookup, checks, accounts.profiles(), actorUpdates, outbox, new MoveDocuments(documents), migration),
        new MovesIn(remoteActors, moves, checks, migration),
        new Exports(new AccountExportRepository(pool), accounts.personalBlocks().repository(), moves, keys, uris),
        new Imports(new AccountImportRepository(pool), actors, lookup, localFollows, accounts.personalBlocks(), follows));
  }
}
