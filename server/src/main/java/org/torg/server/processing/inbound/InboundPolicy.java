package org.torg.server.processing.inbound;

import io.vertx.core.Future;

/**
 * Whether activities from a server are admitted at all: the hook for domain blocks (the
 * moderation issue implements it). Asked after the signature is verified.
 */
@FunctionalInterface
public interface InboundPolicy {

  enum Admission { ADMIT, REFUSE }

  Future<Admission> admit(String host);

  InboundPolicy ADMIT_ALL = host -> Future.succeededFuture(Admission.ADMIT);
}
