package org.torg.server.support;

import io.vertx.sqlclient.Tuple;
import org.torg.server.db.FollowRepository;

/** What the tests with several Torgs ask of each server's database: who follows whom, and counts. */
public final class Federation {

  private Federation() {}

  /** Whether, on {@code on}, {@code followerUri} follows {@code followeeUri} with an accepted follow. */
  public static boolean follows(RunningTorg on, String followerUri, String followeeUri) {
    var s = on.torg().services();
    var follower = s.actors().findByUri(followerUri).await();
    var followee = s.actors().findByUri(followeeUri).await();
    return follower.isPresent() && followee.isPresent() && s.follows().find(follower.get().id(), followee.get().id()).await()
        .map(f -> f.state() == FollowRepository.State.accepted).orElse(false);
  }

  /** The one number a {@code SELECT count(*)} gives on {@code on}'s database. */
  public static long count(RunningTorg on, String sql, Object... params) {
    return on.torg().services().pool().preparedQuery(sql).execute(Tuple.from(params)).await().iterator().next().getLong(0);
  }
}
