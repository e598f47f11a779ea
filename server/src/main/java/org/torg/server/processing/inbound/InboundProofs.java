package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.torg.federation.proof.DataIntegrityProof;
import org.torg.federation.proof.IntegrityProofs;
import org.torg.federation.proof.Multikey;
import org.torg.federation.proof.ProofOutcome;
import org.torg.server.processing.remote.ProofKeys;

/**
 * Checks the integrity proofs (FEP-8b32) of an activity as received. Every proof it carries must
 * verify with its verification method's key, as Fedify requires; the verdict names who proved
 * the activity (the keys' controllers), so a relayed activity counts as its actor's own when the
 * actor proved it, whoever delivered it. Cryptography runs on worker threads.
 */
public final class InboundProofs {

  /**
   * @param outcome VERIFIED (every proof held), NO_PROOF, or the first failure
   * @param provers the controllers of the keys that verified; empty unless VERIFIED
   * @param detail a sentence for the sender and the log
   */
  public record Verdict(ProofOutcome outcome, Set<String> provers, String detail) {
    public boolean refused() {
      return outcome != ProofOutcome.VERIFIED && outcome != ProofOutcome.NO_PROOF;
    }

    public boolean provenBy(String actor) {
      return outcome == ProofOutcome.VERIFIED && provers.contains(actor);
    }
  }

  /** More proofs than any sender needs: each costs a key lookup and a verification. */
  static final int MAX_PROOFS = 4;

  private final Vertx vertx;
  private final ProofKeys keys;

  public InboundProofs(Vertx vertx, ProofKeys keys) {
    this.vertx = vertx;
    this.keys = keys;
  }

  /** Never fails: every problem is a {@link Verdict}. */
  public Future<Verdict> check(JsonObject activity) {
    DataIntegrityProof.Parsed parsed = DataIntegrityProof.parseAll(activity);
    Optional<Verdict> decided = decidedByShape(parsed);
    if (decided.isPresent()) {
      return Future.succeededFuture(decided.get());
    }
    List<Future<Verdict>> each = new ArrayList<>();
    for (DataIntegrityProof proof : parsed.proofs()) {
      each.add(checkOne(activity, proof));
    }
    return Future.all(each).map(all -> {
      List<Verdict> verdicts = all.list();
      for (Verdict verdict : verdicts) {
        if (verdict.outcome() != ProofOutcome.VERIFIED) {
          return verdict;
        }
      }
      Set<String> provers = verdicts.stream().flatMap(v -> v.provers().stream()).collect(Collectors.toUnmodifiableSet());
      return new Verdict(ProofOutcome.VERIFIED, provers, "proven by " + String.join(", ", provers));
    });
  }

  /**
   * The verdict when it takes no fetch: no proof, a malformed one, or every proof's key in memory
   * and each proof holding or unusable. Blocking (Ed25519): for a worker thread, where the inbox
   * runs it in the same hop as the HTTP signature, sparing a second hand-off per activity. Empty
   * when {@link #check} must decide: a key not in memory, or a proof that failed (its key may
   * have rotated, which only a refetch tells).
   */
  public Optional<Verdict> checkWithKeysInMemory(JsonObject activity) {
    DataIntegrityProof.Parsed parsed = DataIntegrityProof.parseAll(activity);
    Optional<Verdict> decided = decidedByShape(parsed);
    if (decided.isPresent()) {
      return decided;
    }
    Set<String> provers = new LinkedHashSet<>();
    for (DataIntegrityProof proof : parsed.proofs()) {
      var unusable = IntegrityProofs.unusable(proof);
      if (unusable.isPresent()) {
        return Optional.of(refusal(unusable.get(), describe(unusable.get(), proof)));
      }
      Optional<Multikey> key = keys.inMemory(proof.verificationMethod());
      if (key.isEmpty()) {
        return Optional.empty();
      }
      ProofOutcome outcome = IntegrityProofs.verify(activity, proof, key.get().publicKey());
      if (outcome == ProofOutcome.BAD_PROOF) {
        return Optional.empty();
      }
      if (outcome != ProofOutcome.VERIFIED) {
        return Optional.of(verdict(outcome, key.get(), proof));
      }
      provers.add(key.get().controller());
    }
    return Optional.of(new Verdict(ProofOutcome.VERIFIED, Set.copyOf(provers), "proven by " + String.join(", ", provers)));
  }

  /** What the proofs' shape alone decides: none, malformed, too many. */
  private static Optional<Verdict> decidedByShape(DataIntegrityProof.Parsed parsed) {
    if (parsed.malformed()) {
      return Optional.of(refusal(ProofOutcome.MALFORMED_PROOF, parsed.problem().orElse("malformed proof")));
    }
    if (parsed.proofs().isEmpty()) {
      return Optional.of(new Verdict(ProofOutcome.NO_PROOF, Set.of(), "no proof"));
    }
    if (parsed.proofs().size() > MAX_PROOFS) {
      return Optional.of(refusal(ProofOutcome.MALFORMED_PROOF, "more than " + MAX_PROOFS + " proofs"));
    }
    return Optional.empty();
  }

  private Future<Verdict> checkOne(JsonObject activity, DataIntegrityProof proof) {
    var unusable = IntegrityProofs.unusable(proof);
    if (unusable.isPresent()) {
      return Future.succeededFuture(refusal(unusable.get(), describe(unusable.get(), proof)));
    }
    return keys.find(proof.verificationMethod())
        .compose(key -> verify(activity, proof, key).compose(outcome -> outcome == ProofOutcome.BAD_PROOF
            // Maybe the actor rotated its key: fetch it again, once.
            ? keys.refetch(proof.verificationMethod()).compose(fresh -> verify(activity, proof, fresh)
                .map(again -> verdict(again, fresh, proof)), e -> Future.succeededFuture(verdict(outcome, key, proof)))
            : Future.succeededFuture(verdict(outcome, key, proof))))
        .recover(e -> Future.succeededFuture(refusal(ProofOutcome.KEY_UNAVAILABLE,
            "the verification method " + proof.verificationMethod() + " could not be had: " + e.getMessage())));
  }

  private Future<ProofOutcome> verify(JsonObject activity, DataIntegrityProof proof, Multikey key) {
    return vertx.executeBlocking(() -> IntegrityProofs.verify(activity, proof, key.publicKey()), false);
  }

  private static Verdict verdict(ProofOutcome outcome, Multikey key, DataIntegrityProof proof) {
    return outcome == ProofOutcome.VERIFIED
        ? new Verdict(outcome, Set.of(key.controller()), "proven by " + key.controller())
        : refusal(outcome, describe(outcome, proof));
  }

  private static Verdict refusal(ProofOutcome outcome, String detail) {
    return new Verdict(outcome, Set.of(), detail);
  }

  private static String describe(ProofOutcome outcome, DataIntegrityProof proof) {
    return switch (outcome) {
      case UNSUPPORTED_CRYPTOSUITE -> "the proof's cryptosuite " + proof.cryptosuite() + " is not eddsa-jcs-2022";
      case WRONG_PURPOSE -> "the proof's purpose " + proof.proofPurpose() + " is not assertionMethod";
      case MALFORMED_PROOF -> "the proof lacks created or its proofValue is no Ed25519 signature";
      case BAD_PROOF -> "the proof by " + proof.verificationMethod() + " does not match the activity";
      case KEY_UNAVAILABLE -> "the verification method " + proof.verificationMethod() + " is no Ed25519 key";
      default -> outcome.reason();
    };
  }
}
