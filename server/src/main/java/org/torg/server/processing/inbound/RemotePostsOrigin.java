package org.torg.server.processing.inbound;

import java.util.Optional;
import org.torg.server.convert.ApToModel;

/** An object may be created, edited or deleted only by an actor on the object's own server (INTEROP §7). */
final class RemotePostsOrigin {

  private RemotePostsOrigin() {}

  static boolean onActorsServer(String objectId, String actorId) {
    Optional<String> object = ApToModel.authorityOf(objectId);
    return object.isPresent() && object.equals(ApToModel.authorityOf(actorId));
  }
}
