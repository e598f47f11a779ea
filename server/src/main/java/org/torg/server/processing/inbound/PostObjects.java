package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Optional;
import org.torg.federation.vocab.InvalidObjectException;
import org.torg.federation.vocab.ObjectRef;
import org.torg.federation.vocab.PostObject;
import org.torg.server.convert.ApToModel;
import org.torg.server.processing.remote.RemoteFetches;

/**
 * The post an activity is about, read so it can be trusted: the embedded copy when the signer
 * vouches for it (it is on the signer's server, and the request was signed), else the copy its
 * origin serves at its id.
 */
final class PostObjects {

  private final RemoteFetches fetches;

  PostObjects(RemoteFetches fetches) {
    this.fetches = fetches;
  }

  /** The post, or empty when the object is not a post at all. */
  Future<Optional<PostObject>> trusted(ObjectRef object, String signer) {
    if (object.embedded().isPresent() && ApToModel.sameAuthority(object.id(), signer)) {
      return Future.succeededFuture(parse(object.embedded().get()));
    }
    return fetched(object.id());
  }

  /** The post as its origin serves it now. */
  Future<Optional<PostObject>> fetched(String id) {
    URI url;
    try {
      url = URI.create(id);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(Optional.empty());
    }
    return fetches.fetchJson(url).map(doc -> parse(doc.json()));
  }

  private static Optional<PostObject> parse(JsonObject json) {
    if (!PostObject.isPostType(json)) {
      return Optional.empty();
    }
    try {
      return Optional.of(PostObject.parse(json));
    } catch (InvalidObjectException e) {
      return Optional.empty();
    }
  }
}
