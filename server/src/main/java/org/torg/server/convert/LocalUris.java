package org.torg.server.convert;

import org.torg.server.model.ActorType;

/**
 * The URLs Torg mints for its own actors and endpoints, from the public URL. One place, so
 * every id a peer ever sees is built the same way.
 */
public final class LocalUris {

  public static final String INSTANCE_ACTOR_PATH = "/actor";
  public static final String SHARED_INBOX_PATH = "/inbox";

  private final String publicUrl;

  public LocalUris(String publicUrl) {
    this.publicUrl = publicUrl;
  }

  public String base() {
    return publicUrl;
  }

  public String actor(ActorType type, String username) {
    return publicUrl + (type == ActorType.Group ? "/groups/" : "/users/") + username;
  }

  public String instanceActor() {
    return publicUrl + INSTANCE_ACTOR_PATH;
  }

  public String sharedInbox() {
    return publicUrl + SHARED_INBOX_PATH;
  }

  public String inbox(String actorUri) {
    return actorUri + "/inbox";
  }

  public String outbox(String actorUri) {
    return actorUri + "/outbox";
  }

  public String followers(String actorUri) {
    return actorUri + "/followers";
  }

  public String following(String actorUri) {
    return actorUri + "/following";
  }

  public String mainKey(String actorUri) {
    return actorUri + "#main-key";
  }

  /** A post's id, which is also its page. */
  /** The Ed25519 Multikey of an actor (FEP-521a), which signs its activities' integrity proofs. */
  public String assertionKey(String actorUri) {
    return actorUri + "#ed25519-key";
  }

  public String post(long id) {
    return publicUrl + "/posts/" + id;
  }

  /** A thread's context id (FEP-7888): its collection of posts for servers, its page for browsers. */
  public String thread(long id) {
    return publicUrl + "/threads/" + id;
  }

  public String replies(String postUri) {
    return postUri + "/replies";
  }

  public String tag(String name) {
    return publicUrl + "/tags/" + name;
  }

  /** A fresh id for an activity this instance sends. */
  public String activity(String uuid) {
    return publicUrl + "/activities/" + uuid;
  }
}
