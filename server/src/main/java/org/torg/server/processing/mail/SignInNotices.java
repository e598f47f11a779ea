package org.torg.server.processing.mail;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.torg.server.db.EmailAccountRepository;
import org.torg.server.model.Account;

/**
 * A notice by email when an account signs in from a client address it has not signed in from
 * before, so that its owner learns of a stolen password. Addresses are remembered with mail off
 * too (turning mail on later sends no burst of notices); only a verified address gets notices.
 */
public final class SignInNotices {

  private static final int MAX_AGENT = 200;

  private final Mailer mailer;
  private final EmailAccountRepository accounts;
  private final MailTexts texts;
  private final String instanceName;
  private final String securityUrl;
  private final Clock clock;

  public SignInNotices(Mailer mailer, EmailAccountRepository accounts, MailTexts texts, String instanceName, String resetUrl,
      Clock clock) {
    this.mailer = mailer;
    this.accounts = accounts;
    this.texts = texts;
    this.instanceName = instanceName;
    this.securityUrl = resetUrl;
    this.clock = clock;
  }

  public Future<Void> signedIn(Account account, String ip, String userAgent, Locale locale) {
    if (ip == null || ip.isBlank()) {
      return Future.succeededFuture();
    }
    return accounts.rememberSignIn(account.id(), ip).compose(isNew -> !isNew || !mailer.enabled()
        ? Future.succeededFuture()
        : accounts.settings(account.id()).compose(found -> {
          var settings = found.orElseThrow();
          if (settings.email().isEmpty() || !settings.verified()) {
            return Future.succeededFuture();
          }
          String agent = userAgent == null ? "-" : userAgent.substring(0, Math.min(userAgent.length(), MAX_AGENT));
          String at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(clock.instant().atOffset(ZoneOffset.UTC));
          return accounts.pool().withTransaction(tx -> mailer.queue(tx, account.id(), "sign_in", settings.email().get(),
                  new MailMessage(texts.get(locale, "mail.sign_in.subject", instanceName),
                      texts.get(locale, "mail.sign_in.text", settings.username(), instanceName, at, ip, agent, securityUrl))))
              .onSuccess(id -> mailer.wake()).mapEmpty();
        }));
  }
}
