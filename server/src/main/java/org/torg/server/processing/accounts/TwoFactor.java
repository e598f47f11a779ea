package org.torg.server.processing.accounts;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.torg.server.db.AuditRepository;
import org.torg.server.db.TwoFactorRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Account;
import org.torg.server.model.AuditEvent;
import org.torg.server.model.AuditKind;
import org.torg.server.model.Principal;
import org.torg.server.secrets.SecretBox;

/**
 * Two-factor sign-in with an authenticator app: TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second
 * steps, as every authenticator app reads an {@code otpauth://} URI) and ten single-use recovery
 * codes. A secret is set up, then confirmed with a first code, and only then asked for at sign-in.
 * A code is accepted once (its step is remembered), for the step before or after too, since
 * phones' clocks drift. Secrets are sealed with the instance's keyset; HMACs and sealing run on a
 * worker thread. With {@code accounts.require_2fa_for_staff}, moderators and admins without it
 * act as citizens until they turn it on.
 */
public final class TwoFactor {

  public static final int RECOVERY_CODES = 10;
  private static final Duration STEP = Duration.ofSeconds(30);
  private static final int DIGITS = 6;
  private static final int SECRET_BYTES = 20;
  /** Steps either side of now that still count. */
  private static final int DRIFT = 1;
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

  /** What an authenticator app needs: the secret in Base32 and the URI a QR code would carry. */
  public record Setup(String secret, String uri) {}

  private final Vertx vertx;
  private final TwoFactorRepository repository;
  private final SecretBox box;
  private final AuditRepository audit;
  private final Clock clock;
  private final String issuer;
  private final String host;
  private final boolean requiredForStaff;
  private final SecureRandom random = new SecureRandom();

  public TwoFactor(Vertx vertx, TwoFactorRepository repository, SecretBox box, AuditRepository audit, Clock clock, String issuer,
      String host, boolean requiredForStaff) {
    this.vertx = vertx;
    this.repository = repository;
    this.box = box;
    this.audit = audit;
    this.clock = clock;
    this.issuer = issuer;
    this.host = host;
    this.requiredForStaff = requiredForStaff;
  }

  /** Whether the account must turn two-factor sign-in on before it acts as staff. */
  public boolean requiredFor(Account account) {
    return requiredForStaff && account.role().moderatesInstance();
  }

  public Future<Boolean> enabled(long accountId) {
    return repository.find(accountId).map(s -> s.map(TwoFactorRepository.Secret::confirmed).orElse(false));
  }

  /** A new secret for the account, to confirm with a first code; 409 when two-factor sign-in is on already. */
  public Future<Setup> begin(Principal who) {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return vertx.executeBlocking(() -> box.seal(secret, label(who.accountId())), false)
        .compose(sealed -> repository.begin(who.accountId(), sealed))
        .compose(begun -> begun ? Future.succeededFuture(setup(who.account(), secret))
            : Future.failedFuture(new HttpError(409, "two_factor_enabled", "Two-factor sign-in is on already; turn it off first.")));
  }

  private Setup setup(Account account, byte[] secret) {
    String base32 = new Base32().encodeToString(secret).replace("=", "");
    String label = encode(issuer) + ":" + encode(account.username() + "@" + host);
    return new Setup(base32, "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=" + encode(issuer)
        + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Proves the new secret with a code from the app: two-factor sign-in is on, and these recovery codes (shown once) work. */
  public Future<List<String>> confirm(Principal who, String code) {
    return repository.find(who.accountId()).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new HttpError(409, "two_factor_not_set_up", "Set two-factor sign-in up first."));
      }
      if (found.get().confirmed()) {
        return Future.failedFuture(new HttpError(409, "two_factor_enabled", "Two-factor sign-in is on already."));
      }
      List<String> codes = new ArrayList<>();
      List<byte[]> hashes = new ArrayList<>();
      for (int i = 0; i < RECOVERY_CODES; i++) {
        String c = recoveryCode();
        codes.add(c);
        hashes.add(sha256(normalized(c)));
      }
      return matchingStep(who.accountId(), found.get(), code).compose(step -> step.isEmpty()
          ? Future.failedFuture(new HttpError(422, "invalid_otp", "That code is not the app's current one."))
          : repository.pool().withTransaction(tx -> repository.useStep(tx, who.accountId(), step.get(), true)
                  .compose(used -> used ? repository.setRecoveryCodes(tx, who.accountId(), hashes)
                      : Future.failedFuture(new HttpError(422, "invalid_otp", "That code was used already; wait for the next one."))))
              .compose(v -> audit.record(AuditEvent.New.of(AuditKind.TWO_FACTOR_ENABLED, who.accountId(), null)))
              .map(codes));
    });
  }

  /** Turns it off, with a current code or a recovery code; refused for staff who must have it. */
  public Future<Void> disable(Principal who, String code) {
    if (requiredFor(who.account())) {
      return Future.failedFuture(new HttpError(409, "two_factor_required", "Moderators and admins must keep two-factor sign-in on."));
    }
    return verify(who.accountId(), code).compose(ok -> ok
        ? repository.remove(who.accountId())
            .compose(v -> audit.record(AuditEvent.New.of(AuditKind.TWO_FACTOR_DISABLED, who.accountId(), null)))
        : Future.failedFuture(new HttpError(422, "invalid_otp", "That code is not a current or recovery code.")));
  }

  /** A sign-in's second step: a current code (once) or an unused recovery code (spent now). */
  public Future<Boolean> verify(long accountId, String code) {
    if (code == null || code.isBlank() || code.length() > 40) {
      return Future.succeededFuture(false);
    }
    return repository.find(accountId).compose(found -> {
      if (found.isEmpty() || !found.get().confirmed()) {
        return Future.succeededFuture(false);
      }
      String digits = code.replace(" ", "");
      if (digits.matches("[0-9]{" + DIGITS + "}")) {
        return matchingStep(accountId, found.get(), digits).compose(step -> step.isEmpty() ? Future.succeededFuture(false)
            : repository.useStep(repository.pool(), accountId, step.get(), false));
      }
      return repository.useRecoveryCode(accountId, sha256(normalized(code)));
    });
  }

  public Future<Long> recoveryCodesLeft(long accountId) {
    return repository.unusedRecoveryCodes(accountId);
  }

  /** The time step whose code this is, within the drift allowed and after the last one used. */
  private Future<Optional<Long>> matchingStep(long accountId, TwoFactorRepository.Secret secret, String code) {
    String digits = code == null ? "" : code.replace(" ", "");
    if (!digits.matches("[0-9]{" + DIGITS + "}")) {
      return Future.succeededFuture(Optional.empty());
    }
    Instant now = clock.instant();
    return vertx.executeBlocking(() -> {
      SecretKeySpec key = new SecretKeySpec(box.open(secret.sealed(), label(accountId)), "HmacSHA1");
      TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator(STEP, DIGITS, "HmacSHA1");
      long current = now.getEpochSecond() / STEP.toSeconds();
      Optional<Long> match = Optional.empty();
      // Every candidate is computed and compared in constant time, so timing says nothing of which matched.
      for (long step = current - DRIFT; step <= current + DRIFT; step++) {
        String expected = totp.generateOneTimePasswordString(key, Instant.ofEpochSecond(step * STEP.toSeconds()), Locale.ROOT);
        if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), digits.getBytes(StandardCharsets.US_ASCII))
            && step > secret.lastStep() && match.isEmpty()) {
          match = Optional.of(step);
        }
      }
      return match;
    }, false);
  }

  /** The label a secret is sealed under: a sealed secret copied to another account does not open. */
  private static String label(long accountId) {
    return "totp#" + accountId;
  }

  /** Ten characters (50 bits) from an alphabet without look-alikes, shown as xxxxx-xxxxx. */
  private String recoveryCode() {
    StringBuilder out = new StringBuilder(11);
    for (int i = 0; i < 10; i++) {
      if (i == 5) {
        out.append('-');
      }
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  private static String normalized(String code) {
    return code.strip().toLowerCase(Locale.ROOT).replace("-", "").replace(" ", "");
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
