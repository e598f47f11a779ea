package org.torg.server.app;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.torg.server.convert.LocalUris;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.LocalKeyRepository;
import org.torg.server.db.OutboxRepository;
import org.torg.server.processing.LocalActors;
import org.torg.server.processing.LocalKeys;
import org.torg.server.secrets.SecretBox;

/** The repositories and domain services of one running Torg, built once and shared by the routes. */
public record Services(
    TorgConfig config,
    LocalUris uris,
    ActorRepository actors,
    FollowRepository follows,
    OutboxRepository outbox,
    LocalKeys keys,
    LocalActors localActors) {

  static Services create(Vertx vertx, Pool pool, TorgConfig config, SecretBox secrets) {
    var uris = new LocalUris(config.publicUrl().toString());
    var actors = new ActorRepository(pool);
    var keyRepository = new LocalKeyRepository(pool);
    var keys = new LocalKeys(vertx, keyRepository, secrets);
    return new Services(config, uris, actors, new FollowRepository(pool), new OutboxRepository(pool), keys,
        new LocalActors(actors, keyRepository, keys, uris, config.publicAuthority()));
  }
}
