package org.torg.server.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.torg.server.db.PostRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.consultations.RemoteVotes;

/** {@code POST /api/v1/posts/{id}/votes {choices}}: a local account votes in another server's poll (a Question). */
public final class RemoteVoteRoutes {

  private final PostRepository posts;
  private final RemoteVotes votes;

  public RemoteVoteRoutes(PostRepository posts, RemoteVotes votes) {
    this.posts = posts;
    this.votes = votes;
  }

  public void mount(Router router) {
    router.post("/api/v1/posts/:id/votes").handler(this::vote);
  }

  private void vote(RoutingContext ctx) {
    Principal voter = Permissions.signedIn(Authentication.principal(ctx));
    long id = PathIds.of(ctx, "id");
    List<Integer> choices = ConsultationRoutes.choices(JsonBody.of(ctx));
    posts.findById(id)
        .map((Optional<org.torg.server.model.Post> p) -> p.filter(post -> !post.deleted())
            .orElseThrow(() -> new HttpError(404, "not_found", "No such post.")))
        .compose(post -> votes.vote(voter, post, choices))
        .onSuccess(v -> ApiResponses.noContent(ctx)).onFailure(ctx::fail);
  }
}
