package org.torg.server.processing.mail;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;
import org.torg.server.db.AccountRepository;
import org.torg.server.db.AuditRepository;
import org.torg.server.db.EmailAccountRepository;
import org.torg.server.db.EmailTokenRepository.Checked;
import org.torg.server.db.EmailTokenRepository.Outcome;
import org.torg.server.db.SessionRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.AuditEvent;
import org.torg.server.model.AuditKind;
import org.torg.server.processing.accounts.AccountRules;
import org.torg.server.processing.accounts.AttemptLimiter;
import org.torg.server.processing.accounts.OpaqueTokens;
import org.torg.server.processing.accounts.PasswordHasher;

/**
 * Password reset by email. Asking answers the same, in the same time, whether or not the account
 * exists (no one learns who has an account here); the email's link works once, expires, and is replaced by a
 * newer one. Setting the password through it ends every session of the account and proves the
 * address.
 */
public final class PasswordResets {

  public static final String PATH = "/password-reset/new";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PasswordResets.class);
  /** Reset emails one account gets in an hour, however often they are asked for. */
  static final int PER_ACCOUNT_PER_HOUR = 3;
  private static final int MAX_LOGIN = 320;

  private final Mailer mailer;
  private final EmailLinks links;
  private final EmailAccountRepository emailAccounts;
  private final AccountRepository accounts;
  private final SessionRepository sessions;
  private final AuditRepository audit;
  private final PasswordHasher hasher;
  private final AttemptLimiter perAddress;
  private final MailTexts texts;
  private final String instanceName;
  private final Duration lifetime;

  public PasswordResets(Mailer mailer, EmailLinks links, EmailAccountRepository emailAccounts, AccountRepository accounts,
      SessionRepository sessions, AuditRepository audit, PasswordHasher hasher, AttemptLimiter perAddress, MailTexts texts,
      String instanceName, Duration lifetime) {
    this.mailer = mailer;
    this.links = links;
    this.emailAccounts = emailAccounts;
    this.accounts = accounts;
    this.sessions = sessions;
    this.audit = audit;
    this.hasher = hasher;
    this.perAddress = perAddress;
    this.texts = texts;
    this.instanceName = instanceName;
    this.lifetime = lifetime;
  }

  public boolean mailEnabled() {
    return mailer.enabled();
  }

  /**
   * Emails a reset link to the account named by its username or address, if there is one. The
   * answer is the same either way; only the per-address limit (429) and mail being off (409 mail_disabled),
   * which do not depend on the account, answer otherwise.
   */
  public Future<Void> request(String login, String ip, Locale locale) {
    if (!mailer.enabled()) {
      return Future.failedFuture(MailDisabled.error());
    }
    if (login == null || login.isBlank() || login.length() > MAX_LOGIN) {
      return Future.failedFuture(new HttpError(422, "invalid_login", "Give your username or email address (at most "
          + MAX_LOGIN + " characters)."));
    }
    String key = login.strip().toLowerCase(Locale.ROOT);
    String wanted = key.startsWith("@") ? key.substring(1) : key;
    return perAddress.record(ip).compose(wait -> {
      if (!wait.isZero()) {
        return Future.failedFuture(HttpError.tooManyRequests(wait, "Too many reset requests from your address."));
      }
      // Answered before the look-up, so a known and an unknown name also take the same time to answer.
      emailAccounts.forReset(wanted).compose(found -> found.isEmpty() ? Future.<Void>succeededFuture()
              : links.tokens().countSince(found.get().accountId(), EmailLinks.RESET,
                      links.clock().instant().minus(Duration.ofHours(1)))
                  .compose(n -> n >= PER_ACCOUNT_PER_HOUR ? Future.<Void>succeededFuture() : send(found.get(), ip, locale)))
          .onFailure(e -> LOG.warn("queueing a password reset email failed: {}", e.getMessage()));
      return Future.succeededFuture();
    });
  }

  private Future<Void> send(EmailAccountRepository.EmailSettings account, String ip, Locale locale) {
    String email = account.email().orElseThrow();
    return links.tokens().pool().withTransaction(tx -> links.tokens().retire(tx, account.accountId(), EmailLinks.RESET,
                links.clock().instant())
            .compose(v -> links.create(tx, account.accountId(), EmailLinks.RESET, email, lifetime, PATH))
            .compose(link -> mailer.queue(tx, account.accountId(), "reset", email, new MailMessage(
                texts.get(locale, "mail.reset.subject", instanceName),
                texts.get(locale, "mail.reset.text", account.username(), instanceName, link, lifetime.toMinutes(), ip))))
            .compose(id -> audit.record(tx, AuditEvent.New.of(AuditKind.PASSWORD_RESET_REQUESTED, account.accountId(), ip))))
        .onSuccess(v -> mailer.wake());
  }

  /** What a reset link is now, for the page that opens it: VALID, ALREADY_USED, EXPIRED or UNKNOWN. */
  public Future<Outcome> check(String token) {
    if (!OpaqueTokens.plausible(token)) {
      return Future.succeededFuture(Outcome.UNKNOWN);
    }
    return links.tokens().check(OpaqueTokens.hash(token), EmailLinks.RESET, links.clock().instant()).map(Checked::outcome);
  }

  /** Sets the new password through a reset link and ends every session; a used, expired or unknown link is refused. */
  public Future<Void> complete(String token, String password, String ip) {
    try {
      AccountRules.password(password);
    } catch (HttpError e) {
      return Future.failedFuture(e);
    }
    // Checked before the (costly) hash, so made-up links cost the server nothing; used under a lock after it.
    return check(token).compose(outcome -> outcome != Outcome.VALID ? Future.failedFuture(refusal(outcome))
        : hasher.hash(password).compose(hash -> links.tokens().pool().withTransaction(tx -> links.tokens()
            .use(tx, OpaqueTokens.hash(token), EmailLinks.RESET, links.clock().instant())
            .compose(checked -> checked.outcome() != Outcome.USED_NOW ? Future.failedFuture(refusal(checked.outcome()))
                : accounts.setPasswordHash(tx, checked.accountId(), hash, true)
                    .compose(v -> sessions.revokeAll(tx, checked.accountId(), null, "password reset"))
                    .compose(revoked -> emailAccounts.markVerified(tx, checked.accountId(), checked.email(), links.clock().instant())
                        .compose(v -> audit.record(tx, new AuditEvent.New(AuditKind.PASSWORD_RESET, checked.accountId(), null, null,
                            ip, new JsonObject().put("sessionsRevoked", revoked)))))
                    .map(checked.accountId())))
            // After the commit: the row is locked until then. Whoever reset the password may sign in now.
            .compose(accountId -> accounts.clearFailedSignIns(accountId))));
  }

  /** Why a link does not work, as the API and the page say it. */
  public static HttpError refusal(Outcome outcome) {
    return switch (outcome) {
      case ALREADY_USED -> new HttpError(410, "reset_link_used",
          "This reset link was used already, or a newer one was sent. Ask for a new one.");
      case EXPIRED -> new HttpError(410, "reset_link_expired", "This reset link has expired. Ask for a new one.");
      default -> new HttpError(404, "reset_link_unknown", "This is not a reset link. Check that you copied all of it.");
    };
  }
}
