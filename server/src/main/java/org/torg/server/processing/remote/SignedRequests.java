package org.torg.server.processing.remote;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.torg.federation.signature.IncomingRequest;
import org.torg.federation.signature.ParsedSignature;
import org.torg.federation.signature.SignatureParseResult;
import org.torg.federation.signature.SignatureParser;
import org.torg.federation.signature.SignatureVerifier;
import org.torg.federation.signature.VerificationOutcome;
import org.torg.server.processing.remote.RemoteKeys.ResolvedKey;

/**
 * Verifies the HTTP signature of a request that carries no activity (a signed GET), in either
 * format: the key fetched and cached as for the inbox, refetched once when it does not verify,
 * and the verification on a worker thread.
 */
public final class SignedRequests {

  /**
   * @param signer the key's owner when verified
   * @param reason a short code, {@code signature_…}, when not
   */
  public record Verdict(Optional<String> signer, String reason, String detail) {
    public boolean verified() {
      return signer.isPresent();
    }
  }

  private final Vertx vertx;
  private final RemoteKeys keys;

  public SignedRequests(Vertx vertx, RemoteKeys keys) {
    this.vertx = vertx;
    this.keys = keys;
  }

  /** Whether the request carries a signature at all (either format). */
  public static boolean isSigned(IncomingRequest request) {
    return request.header("signature").isPresent() || request.header("signature-input").isPresent();
  }

  /**
   * Never fails: every problem is a refusing {@link Verdict}.
   *
   * @param alternativeTargetUris what an RFC 9421 signer may have signed as {@code @target-uri}
   *     beside the URL received, e.g. with the {@code #main-key} fragment Fedify keeps
   */
  public Future<Verdict> verify(IncomingRequest request, List<String> alternativeTargetUris) {
    SignatureParseResult parsed = SignatureParser.parse(request);
    if (parsed.signature().isEmpty()) {
      String reason = "signature_" + parsed.outcome().name().toLowerCase(Locale.ROOT);
      return Future.succeededFuture(refused(reason, reason.replace('_', ' ') + ": " + parsed.detail()));
    }
    ParsedSignature signature = parsed.signature().get();
    return keys.find(signature.keyId())
        .compose(key -> check(key, signature, request, alternativeTargetUris).compose(outcome ->
            outcome == VerificationOutcome.BAD_SIGNATURE
                // Maybe the signer rotated its key: fetch it again, once.
                ? keys.refetch(signature.keyId()).compose(fresh -> check(fresh, signature, request, alternativeTargetUris)
                    .map(again -> verdict(fresh, again)), e -> Future.succeededFuture(verdict(key, outcome)))
                : Future.succeededFuture(verdict(key, outcome))))
        .recover(e -> Future.succeededFuture(refused("key_unavailable",
            "the key " + signature.keyId() + " could not be fetched: " + e.getMessage())));
  }

  private Future<VerificationOutcome> check(ResolvedKey key, ParsedSignature signature, IncomingRequest request,
      List<String> alternativeTargetUris) {
    return vertx.executeBlocking(() -> SignatureVerifier.verify(signature, request, key.publicKey(), Instant.now(),
        alternativeTargetUris), false);
  }

  private static Verdict verdict(ResolvedKey key, VerificationOutcome outcome) {
    if (outcome == VerificationOutcome.VERIFIED) {
      return new Verdict(Optional.of(key.ownerUri()), "verified", "signed by " + key.ownerUri());
    }
    String reason = "signature_" + outcome.name().toLowerCase(Locale.ROOT);
    return refused(reason, reason.replace('_', ' '));
  }

  private static Verdict refused(String reason, String detail) {
    return new Verdict(Optional.empty(), reason, detail);
  }
}
