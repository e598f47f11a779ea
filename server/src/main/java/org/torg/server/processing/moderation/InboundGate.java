package org.torg.server.processing.moderation;

import io.vertx.core.Future;
import org.torg.server.processing.inbound.InboundPolicy;

/**
 * The inbox's moderation check, after the signature: a suspended server or actor is dropped, an
 * actor or server over its rate limit is told to retry later. Blocks and suspensions are in memory;
 * the rate limits are too, unless several nodes count them together in PostgreSQL.
 */
public final class InboundGate implements InboundPolicy {

  private final DomainBlocks domains;
  private final Sanctions sanctions;
  private final InboundRateLimits limits;

  public InboundGate(DomainBlocks domains, Sanctions sanctions, InboundRateLimits limits) {
    this.domains = domains;
    this.sanctions = sanctions;
    this.limits = limits;
  }

  @Override
  public Future<Admission> admit(String host, String actorUri) {
    if (domains.suspended(host)) {
      return Future.succeededFuture(Admission.REFUSE_DOMAIN);
    }
    if (sanctions.suspendedRemote(actorUri)) {
      return Future.succeededFuture(Admission.REFUSE_ACTOR);
    }
    return limits.count(host, actorUri).map(verdict -> switch (verdict) {
      case WITHIN -> Admission.ADMIT;
      case ACTOR_OVER -> Admission.LIMIT_ACTOR;
      case DOMAIN_OVER -> Admission.LIMIT_DOMAIN;
    });
  }
}
