package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import java.util.Optional;
import org.torg.federation.vocab.InboundActivity.Flag;
import org.torg.server.processing.moderation.Reports;
import org.torg.server.processing.remote.RemoteActors;

/**
 * A report from another server (Mastodon sends it from its instance actor; Lemmy, Mbin and
 * others from the reporting user). It lands in the moderators' queue when it names something
 * Torg has; the signature already proved who sent it.
 */
final class FlagReceived extends InboundHandler<Flag> {

  private final RemoteActors remoteActors;
  private final Reports reports;

  FlagReceived(RemoteActors remoteActors, Reports reports) {
    this.remoteActors = remoteActors;
    this.reports = reports;
  }

  @Override
  Future<Optional<String>> verify(Flag flag) {
    return proceed();
  }

  @Override
  Future<String> receive(Flag flag) {
    return remoteActors.resolve(flag.actor()).compose(reporter -> reports.receive(flag, reporter));
  }
}
