package org.torg.server.app;

import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.torg.server.convert.LocalUris;
import org.torg.server.convert.Markdown;
import org.torg.server.convert.PostDocuments;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.GroupProfileRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.posts.GroupAnnouncer;
import org.torg.server.processing.posts.LocalPosts;
import org.torg.server.processing.posts.ReplyPolicies;
import org.torg.server.processing.remote.RemoteSoftware;

/** Threads and posts: the part of {@link Services} that holds the discussions. */
public record PostServices(
    PostRepository posts,
    ThreadRepository threads,
    PostDocuments documents,
    GroupAnnouncer announcer,
    ReplyPolicies policies,
    LocalPosts localPosts) {

  static PostServices create(Pool pool, Clock clock, LocalUris uris, ActorRepository actors, FollowRepository follows,
      Outbox outbox, AccountServices accounts, RemoteSoftware software) {
    var posts = new PostRepository(pool);
    var threads = new ThreadRepository(pool);
    var documents = new PostDocuments(uris);
    var announcer = new GroupAnnouncer(follows, software, outbox, documents);
    var policies = new ReplyPolicies(accounts.permissions(), new GroupProfileRepository(pool), follows);
    var localPosts = new LocalPosts(posts, threads, actors, follows, policies, outbox, announcer, documents, new Markdown(uris),
        uris, clock);
    return new PostServices(posts, threads, documents, announcer, policies, localPosts);
  }
}
