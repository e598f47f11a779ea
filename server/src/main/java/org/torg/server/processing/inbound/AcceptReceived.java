package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Accept;

/** Accept of a Follow Torg sent. */
final class AcceptReceived extends InboundHandler<Accept> {

  private final FollowAnswerReceived answers;

  AcceptReceived(FollowAnswerReceived answers) {
    this.answers = answers;
  }

  @Override
  Future<Optional<String>> verify(Accept accept) {
    return answers.verify(accept.actor(), accept.object());
  }

  @Override
  Future<String> receive(Accept accept) {
    return answers.accept(accept.actor(), accept.object());
  }
}
