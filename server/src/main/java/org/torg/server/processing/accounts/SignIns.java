package org.torg.server.processing.accounts;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.torg.server.db.AccountRepository;
import org.torg.server.db.AccountRepository.Credentials;
import org.torg.server.db.AuditRepository;
import org.torg.server.db.SessionRepository;
import org.torg.server.db.SessionRepository.RefreshOutcome;
import org.torg.server.error.HttpError;
import org.torg.server.model.Account;
import org.torg.server.model.AccountState;
import org.torg.server.model.AuditEvent;
import org.torg.server.model.AuditKind;
import org.torg.server.model.Principal;

/**
 * Sign-in, refresh, sign-out and the check behind every authenticated request. A wrong name
 * and a wrong password get the same answer in about the same time. Failures back off per
 * account (in the database, shared by every node) and per client address (in memory).
 */
public final class SignIns {

  /** A session just started or renewed: what the client gets. {@code refreshToken} is empty when it was not rotated. */
  public record Issued(Account account, UUID sessionId, String accessToken, Optional<String> refreshToken,
      String csrfToken, Duration expiresIn) {}

  private static final HttpError BAD_CREDENTIALS = new HttpError(401, "invalid_credentials", "Wrong username or password.");
  private static final HttpError SESSION_ENDED = new HttpError(401, "session_ended", "This session has ended; sign in again.");
  private static final HttpError OTP_REQUIRED = new HttpError(401, "otp_required",
      "This account has two-factor sign-in: send the code from the authenticator app (otp), or a recovery code.");
  private static final HttpError INVALID_OTP = new HttpError(401, "invalid_otp", "That code is not a current or recovery code.");

  private final AccountRepository accounts;
  private final SessionRepository sessions;
  private final AuditRepository audit;
  private final PasswordHasher hasher;
  private final AccessTokens accessTokens;
  private final AttemptLimiter perAddress;
  private final Clock clock;
  private final Duration sessionLifetime;
  private final TwoFactor twoFactor;

  public SignIns(AccountRepository accounts, SessionRepository sessions, AuditRepository audit, PasswordHasher hasher,
      AccessTokens accessTokens, AttemptLimiter perAddress, Clock clock, Duration sessionLifetime, TwoFactor twoFactor) {
    this.twoFactor = twoFactor;
    this.accounts = accounts;
    this.sessions = sessions;
    this.audit = audit;
    this.hasher = hasher;
    this.accessTokens = accessTokens;
    this.perAddress = perAddress;
    this.clock = clock;
    this.sessionLifetime = sessionLifetime;
  }

  public Future<Issued> signIn(String rawUsername, String password, String ip, String userAgent) {
    return signIn(rawUsername, password, null, ip, userAgent);
  }

  /** {@code otp}: the authenticator app's code or a recovery code, for an account with two-factor sign-in; else null. */
  public Future<Issued> signIn(String rawUsername, String password, String otp, String ip, String userAgent) {
    return perAddress.blocked(ip).compose(addressWait -> addressWait.isPresent()
        ? Future.failedFuture(HttpError.tooManyRequests(addressWait.get(), "Too many failed sign-ins from your address."))
        : checkCredentials(rawUsername, password, otp, ip, userAgent));
  }

  private Future<Issued> checkCredentials(String rawUsername, String password, String otp, String ip, String userAgent) {
    String username = AccountRules.username(rawUsername);
    if (username == null || username.isEmpty() || password == null || password.length() > AccountRules.MAX_PASSWORD) {
      return Future.failedFuture(BAD_CREDENTIALS);
    }
    return accounts.credentials(username).compose(found -> {
      Optional<Credentials> usable = found.filter(c -> c.account().state() != AccountState.DELETED && c.passwordHash() != null);
      if (usable.isEmpty()) {
        return hasher.verifyDecoy(password).compose(no -> failed(null, username, ip));
      }
      Credentials credentials = usable.get();
      Instant now = clock.instant();
      if (credentials.blockedUntil().filter(until -> until.isAfter(now)).isPresent()) {
        Duration wait = Duration.between(now, credentials.blockedUntil().get());
        return audit.record(new AuditEvent.New(AuditKind.SIGN_IN_BLOCKED, credentials.account().id(), null, username, ip, null))
            .compose(v -> Future.failedFuture(HttpError.tooManyRequests(wait, "Too many failed sign-ins for this account.")));
      }
      return hasher.verify(password, credentials.passwordHash()).compose(matches -> matches
          ? secondFactor(credentials, otp, username, ip).compose(v -> succeeded(credentials, password, ip, userAgent))
          : failed(credentials.account(), username, ip));
    });
  }

  /**
   * The password was right: an account with two-factor sign-in also needs its code. No code is
   * not a failure (the client asks for it next); a wrong one counts as a failed sign-in, so
   * guessing codes backs off as guessing passwords does.
   */
  private Future<Void> secondFactor(Credentials credentials, String otp, String username, String ip) {
    long id = credentials.account().id();
    return twoFactor.enabled(id).compose(on -> {
      if (!on) {
        return Future.succeededFuture();
      }
      if (otp == null || otp.isBlank()) {
        return Future.failedFuture(OTP_REQUIRED);
      }
      return twoFactor.verify(id, otp).compose(ok -> ok ? Future.<Void>succeededFuture()
          : count(credentials.account(), ip)
              .compose(v -> audit.record(new AuditEvent.New(AuditKind.SIGN_IN_SECOND_FACTOR_FAILED, id, null, username, ip, null)))
              .compose(v -> Future.failedFuture(INVALID_OTP)));
    });
  }

  private Future<Issued> failed(Account account, String username, String ip) {
    return count(account, ip)
        .compose(v -> audit.record(new AuditEvent.New(AuditKind.SIGN_IN_FAILED, account == null ? null : account.id(), null,
            username, ip, null)))
        .compose(v -> Future.failedFuture(BAD_CREDENTIALS));
  }

  /** A failed attempt, per address and per account (which then backs off). */
  private Future<Void> count(Account account, String ip) {
    return perAddress.record(ip).<Void>mapEmpty().compose(v -> account == null ? Future.succeededFuture()
        : accounts.countFailedSignIn(account.id()).compose(failures -> {
          Duration wait = BackOff.SIGN_IN_PER_ACCOUNT.after(failures);
          return wait.isZero() ? Future.succeededFuture() : accounts.blockSignIn(account.id(), clock.instant().plus(wait));
        }));
  }

  private Future<Issued> succeeded(Credentials credentials, String password, String ip, String userAgent) {
    Account account = credentials.account();
    if (account.state() == AccountState.PENDING) {
      return Future.failedFuture(new HttpError(403, "awaiting_approval", "This account is waiting for an admin's approval."));
    }
    if (account.state() == AccountState.SUSPENDED) {
      return Future.failedFuture(new HttpError(403, "account_suspended", "A moderator suspended this account."));
    }
    Future<Void> rehashed = hasher.outdated(credentials.passwordHash())
        ? hasher.hash(password).compose(hash -> accounts.setPasswordHash(accounts.pool(), account.id(), hash, false))
        : Future.succeededFuture();
    return perAddress.clear(ip)
        .compose(v -> rehashed)
        .compose(v -> accounts.clearFailedSignIns(account.id()))
        .compose(v -> audit.record(AuditEvent.New.of(AuditKind.SIGN_IN, account.id(), ip)))
        .compose(v -> start(account, ip, userAgent));
  }

  private Future<Issued> start(Account account, String ip, String userAgent) {
    UUID sessionId = UUID.randomUUID();
    String refresh = OpaqueTokens.generate();
    String csrf = OpaqueTokens.generate();
    String agent = userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 300));
    return sessions.create(sessionId, account.id(), csrf, ip, agent, clock.instant().plus(sessionLifetime), OpaqueTokens.hash(refresh))
        .compose(v -> accessTokens.mint(account.id(), sessionId))
        .map(access -> new Issued(account, sessionId, access, Optional.of(refresh), csrf, accessTokens.lifetime()));
  }

  /** Trades a refresh token for a new access token and a new refresh token; the old one is spent. */
  public Future<Issued> refresh(String refreshToken, String ip) {
    if (!OpaqueTokens.plausible(refreshToken)) {
      return Future.failedFuture(SESSION_ENDED);
    }
    String replacement = OpaqueTokens.generate();
    return sessions.rotate(OpaqueTokens.hash(refreshToken), OpaqueTokens.hash(replacement), clock.instant())
        .compose(result -> {
          if (result.outcome() == RefreshOutcome.REUSED) {
            return audit.record(new AuditEvent.New(AuditKind.REFRESH_TOKEN_REUSED, result.accountId().orElse(null), null, null,
                ip, null)).compose(v -> Future.failedFuture(SESSION_ENDED));
          }
          if (result.outcome() != RefreshOutcome.ROTATED) {
            return Future.failedFuture(SESSION_ENDED);
          }
          return issueFor(result.sessionId().get(), result.accountId().get(), Optional.of(replacement));
        });
  }

  /** A cookie session whose access token ran out: a new access token, the refresh token unchanged. */
  public Future<Issued> renewAccess(String refreshToken) {
    if (!OpaqueTokens.plausible(refreshToken)) {
      return Future.failedFuture(SESSION_ENDED);
    }
    return sessions.ownerOfUnusedRefreshToken(OpaqueTokens.hash(refreshToken), clock.instant())
        .compose(owner -> owner.isEmpty() ? Future.failedFuture(SESSION_ENDED)
            : issueFor(owner.get().sessionId(), owner.get().accountId(), Optional.empty()));
  }

  private Future<Issued> issueFor(UUID sessionId, long accountId, Optional<String> refresh) {
    return sessions.active(sessionId, accountId, clock.instant()).compose(session -> {
      if (session.isEmpty() || !session.get().account().active()) {
        return Future.failedFuture(SESSION_ENDED);
      }
      return accessTokens.mint(accountId, sessionId).map(access -> new Issued(session.get().account(), sessionId, access,
          refresh, session.get().csrfToken(), accessTokens.lifetime()));
    });
  }

  /** Ends the session a refresh token belongs to; an unknown token ends nothing and says so. */
  public Future<Void> signOut(String refreshToken, String ip) {
    if (!OpaqueTokens.plausible(refreshToken)) {
      return Future.failedFuture(SESSION_ENDED);
    }
    return sessions.sessionOfRefreshToken(OpaqueTokens.hash(refreshToken)).compose(owner -> owner.isEmpty()
        ? Future.failedFuture(SESSION_ENDED)
        : sessions.revoke(owner.get().sessionId(), "signed out").compose(revoked -> revoked
            ? audit.record(AuditEvent.New.of(AuditKind.SIGN_OUT, owner.get().accountId(), ip))
            : Future.<Void>failedFuture(SESSION_ENDED)));
  }

  /** Ends the session a request was made in (a cookie session signing out). */
  public Future<Void> signOut(Principal principal, String ip) {
    return sessions.revoke(principal.sessionId(), "signed out")
        .compose(v -> audit.record(AuditEvent.New.of(AuditKind.SIGN_OUT, principal.accountId(), ip)));
  }

  /** The principal behind an access token: valid signature, live session, active account; else 401. */
  public Future<Principal> authenticate(String accessToken) {
    return accessTokens.verify(accessToken)
        .recover(e -> Future.failedFuture(e instanceof AccessTokens.InvalidTokenException
            ? new HttpError(401, "invalid_token", e.getMessage()) : e))
        .compose(claims -> sessions.active(claims.sessionId(), claims.accountId(), clock.instant()))
        .compose(session -> session.isEmpty() || !session.get().account().active()
            ? Future.failedFuture(SESSION_ENDED)
            : Future.succeededFuture(new Principal(session.get().account(), session.get().id(), session.get().csrfToken(),
                twoFactor.requiredFor(session.get().account()) && !session.get().twoFactor())));
  }
}
