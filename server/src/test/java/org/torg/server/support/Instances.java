package org.torg.server.support;

import io.vertx.sqlclient.Tuple;
import org.torg.server.db.FollowRepository;

/** What tests with several Torgs ask of one of them: who follows whom there, and counts of rows. */
public final class Instances {

  private Instances() {}

  /** Whether {@code on} has an accepted follow of {@code followeeUri} by {@code followerUri}. */
  public static boolean follows(RunningTorg on, String followerUri, String followeeUri) {
    var s = on.torg().services();
    var follower = s.actors().findByUri(followerUri).await();
    var followee = s.actors().findByUri(followeeUri).await();
    return follower.isPresent() && followee.isPresent() && s.follows().find(follower.get().id(), followee.get().id()).await()
        .map(f -> f.state() == FollowRepository.State.accepted).orElse(false);
  }

  /** The single number {@code sql} selects on {@code on}. */
  public static long count(RunningTorg on, String sql, Object... params) {
    return on.torg().services().pool().preparedQuery(sql).execute(Tuple.from(params)).await().iterator().next().getLong(0);
  }
}
