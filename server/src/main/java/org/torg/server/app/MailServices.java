package org.torg.server.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import org.torg.server.config.TorgConfig;
import org.torg.server.db.EmailAccountRepository;
import org.torg.server.db.EmailTokenRepository;
import org.torg.server.db.OutgoingMailRepository;
import org.torg.server.db.RateCounterRepository;
import org.torg.server.db.SessionRepository;
import org.torg.server.http.pages.Messages;
import org.torg.server.processing.accounts.AttemptLimiter;
import org.torg.server.processing.accounts.BackOff;
import org.torg.server.processing.accounts.MemoryAttemptLimiter;
import org.torg.server.processing.accounts.SharedAttemptLimiter;
import org.torg.server.processing.mail.EmailLinks;
import org.torg.server.processing.mail.EmailVerification;
import org.torg.server.processing.mail.MailSender;
import org.torg.server.processing.mail.MailTexts;
import org.torg.server.processing.mail.Mailer;
import org.torg.server.processing.mail.NotificationEmails;
import org.torg.server.processing.mail.PasswordResets;
import org.torg.server.processing.mail.SignInNotices;
import org.torg.server.secrets.SecretBox;

/** Email (README "Email"): the queue, its sender, and the features that send. */
public record MailServices(
    Mailer mailer,
    MailSender sender,
    EmailAccountRepository emailAccounts,
    EmailVerification verification,
    PasswordResets resets,
    SignInNotices signInNotices,
    NotificationEmails notifications) {

  /** Reset requests from one address: a few free, then waits that double (no one floods inboxes from one place). */
  static final BackOff RESET_PER_ADDRESS = new BackOff(10, Duration.ofMinutes(1), Duration.ofHours(1));

  static MailServices create(Vertx vertx, Pool pool, TorgConfig config, SecretBox secrets, Clock clock, AccountServices accounts) {
    TorgConfig.Mail mail = config.mail();
    var queue = new OutgoingMailRepository(pool);
    var mailer = new Mailer(vertx, queue, secrets, mail.enabled());
    var emailAccounts = new EmailAccountRepository(pool);
    var links = new EmailLinks(new EmailTokenRepository(pool), clock, config.publicUrl().toString());
    Messages messages = Messages.load();
    MailTexts texts = messages::get;
    String name = config.instance().name();
    AttemptLimiter perAddress = config.cluster().enabled()
        ? new SharedAttemptLimiter(new RateCounterRepository(pool), "password-reset", RESET_PER_ADDRESS, Duration.ofHours(1))
        : new MemoryAttemptLimiter(RESET_PER_ADDRESS, Duration.ofHours(1), clock, 100_000);
    var notifications = new NotificationEmails(mailer, links, emailAccounts, queue, texts, name, config.publicUrl().toString());
    return new MailServices(mailer, new MailSender(vertx, queue, mailer, notifications, mail), emailAccounts,
        new EmailVerification(mailer, links, emailAccounts, accounts.audit(), texts, name, mail.verificationLinkLifetime()),
        new PasswordResets(mailer, links, emailAccounts, accounts.accounts(), new SessionRepository(pool), accounts.audit(),
            accounts.passwordHasher(), perAddress, texts, name, mail.resetLinkLifetime()),
        new SignInNotices(mailer, emailAccounts, texts, name, config.url("/password-reset"), clock),
        notifications);
  }

  Future<Void> close() {
    return sender.stop();
  }
}
