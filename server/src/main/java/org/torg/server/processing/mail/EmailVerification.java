package org.torg.server.processing.mail;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Locale;
import org.torg.server.db.AuditRepository;
import org.torg.server.db.EmailAccountRepository;
import org.torg.server.db.EmailTokenRepository.Checked;
import org.torg.server.db.EmailTokenRepository.Outcome;
import org.torg.server.error.HttpError;
import org.torg.server.model.Account;
import org.torg.server.model.AuditEvent;
import org.torg.server.model.AuditKind;
import org.torg.server.model.Principal;
import org.torg.server.processing.accounts.OpaqueTokens;

/**
 * Proving an account's address: on sign-up (and on request, a few times an hour) an email with a
 * single-use link that expires; following it marks the address verified. With mail off, sign-up
 * sends nothing and a resend says mail is off.
 */
public final class EmailVerification {

  /** Verification emails an account may ask for in an hour, the one sent on sign-up included. */
  static final int PER_HOUR = 3;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmailVerification.class);
  public static final String PATH = "/verify-email";

  private final Mailer mailer;
  private final EmailLinks links;
  private final EmailAccountRepository accounts;
  private final AuditRepository audit;
  private final MailTexts texts;
  private final String instanceName;
  private final Duration lifetime;

  public EmailVerification(Mailer mailer, EmailLinks links, EmailAccountRepository accounts, AuditRepository audit,
      MailTexts texts, String instanceName, Duration lifetime) {
    this.mailer = mailer;
    this.links = links;
    this.accounts = accounts;
    this.audit = audit;
    this.texts = texts;
    this.instanceName = instanceName;
    this.lifetime = lifetime;
  }

  public boolean mailEnabled() {
    return mailer.enabled();
  }

  /** Whether the account's current address is verified (GET /api/v1/me says so). */
  public Future<Boolean> verified(long accountId) {
    return accounts.settings(accountId).map(s -> s.map(EmailAccountRepository.EmailSettings::verified).orElse(false));
  }

  /** After sign-up: the first verification email, or nothing when mail is off or there is no address. */
  public Future<Void> signedUp(Account account, Locale locale) {
    if (!mailer.enabled() || account.email().isEmpty()) {
      return Future.succeededFuture();
    }
    // The account exists by now: a failure to queue its email is logged, and the link can be asked for again.
    return send(account.id(), account.username(), account.email().get(), locale).recover(e -> {
      LOG.warn("queueing the verification email of account {} failed: {}", account.id(), e.getMessage());
      return Future.succeededFuture();
    });
  }

  /**
   * For an email change, in its transaction (Torg has no such route yet; whichever adds one calls
   * this): the new address is unproven until the link sent to it is used, and links sent to the
   * old one prove nothing. With mail off the address is only marked unproven.
   */
  public Future<Void> addressChanged(io.vertx.sqlclient.SqlClient tx, long accountId, String username, String newEmail,
      Locale locale) {
    Future<Void> unverified = accounts.unverify(tx, accountId);
    if (!mailer.enabled() || newEmail == null) {
      return unverified;
    }
    return unverified.compose(v -> links.create(tx, accountId, EmailLinks.VERIFY, newEmail, lifetime, PATH))
        .compose(link -> mailer.queue(tx, accountId, "verify", newEmail, message(username, link, locale)))
        .onSuccess(id -> mailer.wake())
        .mapEmpty();
  }

  /** A verification email on request: 409 mail_disabled with mail off, 409 too when there is nothing to verify, 429 past the limit. */
  public Future<Void> resend(Principal principal, Locale locale) {
    if (!mailer.enabled()) {
      return Future.failedFuture(MailDisabled.error());
    }
    return accounts.settings(principal.accountId()).compose(found -> {
      var settings = found.orElseThrow();
      if (settings.email().isEmpty()) {
        return Future.failedFuture(new HttpError(409, "no_email", "This account has no email address."));
      }
      if (settings.verified()) {
        return Future.failedFuture(new HttpError(409, "already_verified", "This address is verified already."));
      }
      return links.tokens().countSince(settings.accountId(), EmailLinks.VERIFY, links.clock().instant().minus(Duration.ofHours(1)))
          .compose(n -> n >= PER_HOUR
              ? Future.failedFuture(HttpError.tooManyRequests(Duration.ofHours(1), "At most " + PER_HOUR
                  + " verification emails an hour; use the newest one you got."))
              : send(settings.accountId(), settings.username(), settings.email().get(), locale));
    });
  }

  private Future<Void> send(long accountId, String username, String email, Locale locale) {
    return links.tokens().pool().withTransaction(tx -> links.create(tx, accountId, EmailLinks.VERIFY, email, lifetime, PATH)
            .compose(link -> mailer.queue(tx, accountId, "verify", email, message(username, link, locale))))
        .onSuccess(id -> mailer.wake())
        .mapEmpty();
  }

  private MailMessage message(String username, String link, Locale locale) {
    return new MailMessage(texts.get(locale, "mail.verify.subject", instanceName),
        texts.get(locale, "mail.verify.text", username, instanceName, link, lifetime.toHours()));
  }

  /** Follows a verification link: USED_NOW when it verified the address now; else why it did not. */
  public Future<Outcome> verify(String token, String ip) {
    if (!OpaqueTokens.plausible(token)) {
      return Future.succeededFuture(Outcome.UNKNOWN);
    }
    var now = links.clock().instant();
    return links.tokens().pool().withTransaction(tx -> links.tokens().use(tx, OpaqueTokens.hash(token), EmailLinks.VERIFY, now)
        .compose((Checked checked) -> checked.outcome() != Outcome.USED_NOW ? Future.succeededFuture(checked.outcome())
            : accounts.markVerified(tx, checked.accountId(), checked.email(), now)
                .compose(current -> current
                    ? audit.record(tx, AuditEvent.New.of(AuditKind.EMAIL_VERIFIED, checked.accountId(), ip)).map(Outcome.USED_NOW)
                    // The account's address changed since the link was sent: the link proves nothing now.
                    : Future.succeededFuture(Outcome.EXPIRED))));
  }
}
