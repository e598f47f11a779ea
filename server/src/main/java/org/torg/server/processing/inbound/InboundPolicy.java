package org.torg.server.processing.inbound;

import io.vertx.core.Future;

/**
 * Whether an activity from this actor on this server is admitted at all: domain blocks, suspended
 * actors and inbound rate limits (the moderation package implements it). Asked after the
 * signature is verified, so nobody can spend another actor's allowance.
 */
@FunctionalInterface
public interface InboundPolicy {

  enum Admission {
    ADMIT,
    /** The actor's server is suspended: dropped (202). */
    REFUSE_DOMAIN,
    /** The actor is suspended: dropped (202). */
    REFUSE_ACTOR,
    /** Over the per-actor limit: 429, the sender retries later. */
    LIMIT_ACTOR,
    /** Over the per-server limit: 429. */
    LIMIT_DOMAIN
  }

  Future<Admission> admit(String host, String actorUri);

  InboundPolicy ADMIT_ALL = (host, actor) -> Future.succeededFuture(Admission.ADMIT);
}
