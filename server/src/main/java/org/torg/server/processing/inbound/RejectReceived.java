package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Reject;

/** Reject of a Follow Torg sent (or of one it had accepted: the followee removes the follower). */
final class RejectReceived extends InboundHandler<Reject> {

  private final FollowAnswerReceived answers;

  RejectReceived(FollowAnswerReceived answers) {
    this.answers = answers;
  }

  @Override
  Future<Optional<String>> verify(Reject reject) {
    return answers.verify(reject.actor(), reject.object());
  }

  @Override
  Future<String> receive(Reject reject) {
    return answers.reject(reject.actor(), reject.object());
  }
}
