package org.torg.server.processing.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Access tokens: JWTs (RFC 9068 shape, {@code typ: at+jwt}) signed ES256 by the current
 * {@link SessionKeys} key, naming the account ({@code sub}) and its session ({@code sid}).
 * Verification accepts exactly that: ES256 with a known kid, this issuer and audience, not
 * expired. Anything else ({@code alg: none}, another algorithm, a tampered payload, an unknown
 * kid) is refused with a reason. ECDSA runs on a worker thread, once per token: a token whose
 * signature verified is remembered (its text, exactly) until it expires, so a reader's every page
 * does not cost a verification; its key, expiry, issuer and session are still checked each time.
 */
public final class AccessTokens {

  static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
  /** Nodes of one instance may disagree on the time by this much. */
  private static final Duration LEEWAY = Duration.ofSeconds(5);
  private static final int MAX_TOKEN_CHARS = 4096;
  /** About 6 MB at most: signed-in readers active within a token's lifetime, per node. */
  private static final int VERIFIED_KEPT = 10_000;

  /** What a verified token says. */
  public record Claims(long accountId, UUID sessionId, Instant expiresAt) {}

  /** Why a token was refused; the message is safe to show. */
  public static final class InvalidTokenException extends RuntimeException {
    InvalidTokenException(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final SessionKeys keys;
  private final Clock clock;
  private final String issuer;
  private final Duration lifetime;
  /** Tokens whose signature verified, to the kid that verified them. */
  private final Cache<String, String> verified;

  public AccessTokens(Vertx vertx, SessionKeys keys, Clock clock, String issuer, Duration lifetime) {
    this.verified = Caffeine.newBuilder().maximumSize(VERIFIED_KEPT).expireAfterWrite(lifetime.plus(LEEWAY)).build();
    this.vertx = vertx;
    this.keys = keys;
    this.clock = clock;
    this.issuer = issuer;
    this.lifetime = lifetime;
  }

  public Duration lifetime() {
    return lifetime;
  }

  public Future<String> mint(long accountId, UUID sessionId) {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(issuer)
        .subject(Long.toString(accountId))
        .claim("sid", sessionId.toString())
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)))
        .build();
    return sign(claims);
  }

  /** Signs any claims with the current key: for {@link #mint}, and for tests that need odd tokens. */
  public Future<String> sign(JWTClaimsSet claims) {
    SessionKeys.Key key = keys.signing();
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid()).type(TYPE).build();
    return vertx.executeBlocking(() -> {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(key.signer());
      return jwt.serialize();
    }, false);
  }

  /** The token's claims, or a failed future with {@link InvalidTokenException}. */
  public Future<Claims> verify(String token) {
    SignedJWT jwt;
    try {
      if (token.length() > MAX_TOKEN_CHARS) {
        throw new ParseException("too long", 0);
      }
      // SignedJWT.parse refuses unsecured (alg: none) tokens: their header is no JWS header.
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return Future.failedFuture(new InvalidTokenException("The access token is not a signed JWT."));
    }
    JWSHeader header = jwt.getHeader();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || !TYPE.equals(header.getType()) || header.getKeyID() == null) {
      return Future.failedFuture(new InvalidTokenException("The access token is not one this server issues."));
    }
    return keys.verifying(header.getKeyID()).compose(key -> {
      if (key.isEmpty()) {
        return Future.failedFuture(new InvalidTokenException("The access token's signing key is unknown or retired."));
      }
      if (header.getKeyID().equals(verified.getIfPresent(token))) {
        return Future.succeededFuture(true);
      }
      return vertx.executeBlocking(() -> verifySignature(jwt, key.get()), false)
          .onSuccess(valid -> {
            if (valid) {
              verified.put(token, header.getKeyID());
            }
          });
    }).compose(valid -> valid ? claims(jwt)
        : Future.failedFuture(new InvalidTokenException("The access token's signature does not verify.")));
  }

  private static boolean verifySignature(SignedJWT jwt, SessionKeys.Key key) {
    try {
      return jwt.verify(key.verifier());
    } catch (JOSEException e) {
      return false;
    }
  }

  private Future<Claims> claims(SignedJWT jwt) {
    try {
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Instant now = clock.instant();
      Date exp = claims.getExpirationTime();
      Object sid = claims.getClaim("sid");
      List<String> audience = claims.getAudience();
      if (!issuer.equals(claims.getIssuer()) || audience == null || !audience.contains(issuer)) {
        return Future.failedFuture(new InvalidTokenException("The access token was issued for another server."));
      }
      if (exp == null || !exp.toInstant().plus(LEEWAY).isAfter(now)) {
        return Future.failedFuture(new InvalidTokenException("The access token has expired."));
      }
      if (claims.getSubject() == null || !(sid instanceof String sessionId)) {
        return Future.failedFuture(new InvalidTokenException("The access token names no account."));
      }
      return Future.succeededFuture(new Claims(Long.parseLong(claims.getSubject()), UUID.fromString(sessionId), exp.toInstant()));
    } catch (ParseException | IllegalArgumentException e) {
      return Future.failedFuture(new InvalidTokenException("The access token's claims do not parse."));
    }
  }
}
