package org.torg.server.processing.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import org.torg.server.db.OutgoingMailRepository;
import org.torg.server.secrets.SecretBox;

/**
 * Queues an email: the message is sealed (it may carry a link's token, and the database keeps
 * only hashes of those) and inserted in the caller's transaction, so a request that commits has
 * its email queued and one that fails has none. {@link MailSender} sends it off the request path.
 */
public final class Mailer {

  private final Vertx vertx;
  private final OutgoingMailRepository queue;
  private final SecretBox secrets;
  private final boolean enabled;
  private volatile Runnable wake = () -> {};

  public Mailer(Vertx vertx, OutgoingMailRepository queue, SecretBox secrets, boolean enabled) {
    this.vertx = vertx;
    this.queue = queue;
    this.secrets = secrets;
    this.enabled = enabled;
  }

  /** Whether mail.host is set. */
  public boolean enabled() {
    return enabled;
  }

  /** Called after a commit that queued mail: the sender looks at once rather than at its next poll. */
  void onQueued(Runnable wake) {
    this.wake = wake;
  }

  public void wake() {
    wake.run();
  }

  public Future<Long> queue(SqlClient client, long accountId, String kind, String recipient, MailMessage message) {
    return vertx.executeBlocking(() -> secrets.seal(message.encode(), label(accountId)), false)
        .compose(sealed -> queue.enqueue(client, accountId, kind, recipient, sealed));
  }

  MailMessage open(OutgoingMailRepository.Queued queued) throws java.security.GeneralSecurityException {
    return MailMessage.decode(secrets.open(queued.message(), label(queued.accountId())));
  }

  private static String label(long accountId) {
    return "outgoing-mail#" + accountId;
  }
}
