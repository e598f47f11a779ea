package org.torg.server.processing.inbound;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.federation.signature.IncomingRequest;
import org.torg.federation.signature.ParsedSignature;
import org.torg.federation.signature.SignatureParseResult;
import org.torg.federation.signature.SignatureParser;
import org.torg.federation.signature.SignatureVerifier;
import org.torg.federation.signature.SignatureWindow;
import org.torg.federation.signature.VerificationOutcome;
import org.torg.federation.vocab.InboundActivity;
import org.torg.federation.vocab.Origin;
import org.torg.server.convert.ApToModel;
import org.torg.server.db.DatabaseUnavailable;
import org.torg.server.db.InboxRepository;
import org.torg.server.db.InboxRepository.NewActivity;
import org.torg.server.processing.delivery.RemoteHosts;
import org.torg.server.processing.remote.RemoteKeys;
import org.torg.server.processing.remote.RemoteKeys.ResolvedKey;

/**
 * The inbox's synchronous part, kept small so it answers within peers' timeouts: parse → id on
 * the actor's origin → verify the signature (key fetched and cached, refetched once on failure)
 * → signer must be the actor → domain policy → store once per (sender's origin, activity id) →
 * 202. Side effects happen later, in the {@link InboxWorker}.
 */
public final class InboxReceiver {

  private static final Logger LOG = LoggerFactory.getLogger(InboxReceiver.class);
  /** Activities stored recently, by sender origin and id: a repeat is answered without touching the database. */
  private static final int RECENT_IDS = 50_000;

  /**
   * @param reason a short code from a fixed set (a metric label), e.g. {@code signature_key_unavailable}
   * @param detail a sentence for the sender: what happened, never how Torg's guards work
   * @param internal for the log only (with the request id), or null: why a key could not be
   *     fetched (the fetch guard's verdict, a resolver error), which would tell a prober which
   *     addresses and schemes Torg refuses
   */
  public record Outcome(InboxResult result, String reason, String detail, String internal) {
    static Outcome of(InboxResult result, String reason, String detail) {
      return new Outcome(result, reason, detail, null);
    }
  }

  private final Vertx vertx;
  private final RemoteKeys keys;
  private final InboxWrites writes;
  private final InboundPolicy policy;
  private final RemoteHosts hosts;
  private final InboxMetrics metrics;
  private final SignatureWindow window;
  private final InboundProofs proofs;
  private final Set<String> recentIds = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > RECENT_IDS;
    }
  }));

  /**
   * @param window when a signature's time is acceptable ({@code federation.signature_clock_skew_seconds})
   * @param proofs checks integrity proofs (FEP-8b32): a failing one refuses the activity, and one
   *     by the activity's actor admits it when another server relayed it
   */
  public InboxReceiver(Vertx vertx, RemoteKeys keys, InboxRepository inbox, InboxHandoff handoff, InboundPolicy policy, RemoteHosts hosts,
      InboxMetrics metrics, SignatureWindow window, InboundProofs proofs) {
    this.vertx = vertx;
    this.window = window;
    this.proofs = proofs;
    this.keys = keys;
    this.writes = new InboxWrites(inbox, handoff);
    this.policy = policy;
    this.hosts = hosts;
    this.metrics = metrics;
  }

  private static final Outcome UNAVAILABLE = Outcome.of(InboxResult.UNAVAILABLE, "database_unavailable",
      "the database is unreachable for a moment; nothing was stored: retry later");

  /** Never fails: every problem is an {@link Outcome}. */
  public Future<Outcome> receive(IncomingRequest request, Long inboxOwner) {
    return receiveUnmetered(request, inboxOwner)
        .recover(e -> {
          if (DatabaseUnavailable.is(e)) {
            return Future.succeededFuture(UNAVAILABLE);
          }
          LOG.debug("inbox: unexpected failure", e);
          return Future.succeededFuture(new Outcome(InboxResult.UNVERIFIED, "signature_unverifiable",
              "the request could not be verified", String.valueOf(e)));
        })
        .onSuccess(outcome -> metrics.received(outcome.result(), outcome.reason()));
  }

  private Future<Outcome> receiveUnmetered(IncomingRequest request, Long inboxOwner) {
    InboundActivity activity;
    String text = new String(request.body(), java.nio.charset.StandardCharsets.UTF_8);
    // Parsed once: the proofs are checked on this tree too (JSON parsing is a good share of an
    // inbox request's CPU).
    JsonObject json;
    try {
      json = new JsonObject(text);
      activity = InboundActivity.parse(json);
    } catch (DecodeException | ClassCastException e) {
      return Future.succeededFuture(Outcome.of(InboxResult.MALFORMED, "not_json", "the body is not a JSON object"));
    } catch (InboundActivity.NotAnActivityException e) {
      return Future.succeededFuture(Outcome.of(InboxResult.MALFORMED, "not_an_activity", e.getMessage()));
    }
    if (text.contains("u0000") && holdsNul(json)) {
      // PostgreSQL's jsonb cannot hold U+0000: refused here as what it is, not as a failed write.
      return Future.succeededFuture(Outcome.of(InboxResult.MALFORMED, "nul_character",
          "the body holds a U+0000 character, which cannot be stored"));
    }
    if (!idOnActorOrigin(activity)) {
      // Before any key fetch: the body alone shows it, and it must cost no outgoing request.
      return Future.succeededFuture(Outcome.of(InboxResult.REFUSED, "id_not_on_actor_origin",
          "the activity's id is not on its actor's server"));
    }
    SignatureParseResult parsed = SignatureParser.parse(request);
    if (parsed.signature().isEmpty()) {
      String reason = "signature_" + parsed.outcome().name().toLowerCase(Locale.ROOT);
      return Future.succeededFuture(Outcome.of(InboxResult.UNVERIFIED, reason, reason.replace('_', ' ') + ": " + parsed.detail()));
    }
    ParsedSignature signature = parsed.signature().get();
    Optional<VerificationOutcome> refused = SignatureVerifier.refuseBeforeKey(signature, request);
    if (refused.isPresent()) {
      // What the signature covers and its digest's form need no key: such a request costs no fetch.
      return Future.succeededFuture(unverified(refused.get()));
    }
    if (isSelfDelete(activity)) {
      // A Delete from an actor Torg never met needs no fetch: there is nothing of theirs to delete,
      // and fetching a deleted actor's key only fails (INTEROP §5).
      return keys.findKnown(signature.keyId()).compose(known -> known.isEmpty()
          ? Future.succeededFuture(Outcome.of(InboxResult.DROPPED, "unknown_actor_delete", "delete of an actor never seen"))
          : verifyWith(known.get(), signature, request, activity, json, text, inboxOwner, false));
    }
    return keys.find(signature.keyId())
        .compose(key -> verifyWith(key, signature, request, activity, json, text, inboxOwner, true),
            e -> Future.succeededFuture(DatabaseUnavailable.is(e) ? UNAVAILABLE : new Outcome(InboxResult.UNVERIFIED,
                "signature_key_unavailable",
                "the key " + signature.keyId() + " could not be fetched or does not belong to its actor",
                "key " + signature.keyId() + ": " + e.getMessage())));
  }

  private Future<Outcome> verifyWith(ResolvedKey key, ParsedSignature signature, IncomingRequest request,
      InboundActivity activity, JsonObject json, String text, Long inboxOwner, boolean mayRefetch) {
    return verify(key, signature, request, activity, json).compose(checked -> {
      if (checked.result() == VerificationOutcome.BAD_SIGNATURE && mayRefetch) {
        // Maybe the actor rotated its key: fetch it again, once.
        return keys.refetch(signature.keyId())
            .compose(fresh -> verify(fresh, signature, request, activity, json), e -> Future.succeededFuture(checked));
      }
      return Future.succeededFuture(checked);
    }).compose(checked -> {
      if (checked.result() != VerificationOutcome.VERIFIED) {
        return Future.succeededFuture(unverified(checked.result()));
      }
      return checkProofsThenAdmit(checked, activity, json, text, inboxOwner);
    });
  }

  /**
   * After the HTTP signature: the activity's integrity proofs, if any, must all verify; then the
   * signer must be the actor, unless the actor proved the activity itself (a reply forwarded, a
   * relayed activity), which then needs no refetch from its origin.
   */
  private Future<Outcome> checkProofsThenAdmit(Checked checked, InboundActivity activity, JsonObject json, String text,
      Long inboxOwner) {
    if (checked.repeat()) {
      // Its actor signed it and it was stored already, proofs checked then: a repeat is answered
      // as one without the Ed25519 work.
      return admitAndStore(activity, json, text, inboxOwner);
    }
    String signer = checked.key().ownerUri();
    return checked.proofs().map(Future::succeededFuture).orElseGet(() -> proofs.check(json)).compose(verdict -> {
      if (verdict.refused()) {
        return Future.succeededFuture(Outcome.of(InboxResult.UNVERIFIED, verdict.outcome().reason(), verdict.detail()));
      }
      if (!signer.equals(activity.actor()) && !verdict.provenBy(activity.actor())) {
        return Future.succeededFuture(Outcome.of(InboxResult.DROPPED, "signer_not_actor", "the signer is not the activity's actor"));
      }
      return admitAndStore(activity, json, text, inboxOwner);
    });
  }

  private Future<Outcome> admitAndStore(InboundActivity activity, JsonObject json, String text, Long inboxOwner) {
    String host = ApToModel.authorityOf(activity.actor()).orElse("");
    return policy.admit(host, activity.actor()).compose(admission -> {
      switch (admission) {
        case REFUSE_DOMAIN:
          return Future.succeededFuture(Outcome.of(InboxResult.DROPPED, "domain_refused", "activities from this domain are refused"));
        case REFUSE_ACTOR:
          return Future.succeededFuture(Outcome.of(InboxResult.DROPPED, "actor_suspended", "activities from this actor are refused"));
        case LIMIT_ACTOR:
          return Future.succeededFuture(Outcome.of(InboxResult.RATE_LIMITED, "actor_rate_limit",
              "too many activities from this actor; retry later"));
        case LIMIT_DOMAIN:
          return Future.succeededFuture(Outcome.of(InboxResult.RATE_LIMITED, "domain_rate_limit",
              "too many activities from this server; retry later"));
        default:
          break;
      }
      hosts.heardFrom(host);
      NewActivity received = new NewActivity(activity.id(), activity.actor(), activity.type(), inboxOwner, text);
      if (recentIds.contains(received.dedupKey())) {
        return Future.succeededFuture(Outcome.of(InboxResult.DUPLICATE, "seen_before", "this activity was received before"));
      }
      // Stored as received; PostgreSQL parses it once more into jsonb.
      return writes.insertIfNew(received, json)
          .map(stored -> {
            recentIds.add(received.dedupKey());
            if (stored) {
              vertx.eventBus().publish(InboxWorker.WAKE_UP, null);
              return Outcome.of(InboxResult.ACCEPTED, "stored", "accepted for processing");
            }
            return Outcome.of(InboxResult.DUPLICATE, "seen_before", "this activity was received before");
          });
    });
  }

  /**
   * On a worker thread, in one hop: the HTTP signature, then, when it holds, the proofs if their
   * keys are in memory, which spares a second hand-off to a worker thread and back. A repeat its
   * actor signed needs no proofs: it will be answered as a duplicate.
   */
  private Future<Checked> verify(ResolvedKey key, ParsedSignature signature, IncomingRequest request,
      InboundActivity activity, JsonObject json) {
    return vertx.executeBlocking(() -> {
      long started = System.nanoTime();
      VerificationOutcome result = SignatureVerifier.verify(signature, request, key.publicKey(), Instant.now(), List.of(), window);
      metrics.verificationTime(System.nanoTime() - started);
      if (result != VerificationOutcome.VERIFIED) {
        return new Checked(key, result, false, Optional.empty());
      }
      boolean repeat = key.ownerUri().equals(activity.actor()) && recentIds.contains(dedupKey(activity));
      return new Checked(key, result, repeat, repeat ? Optional.empty() : proofs.checkWithKeysInMemory(json));
    }, false);
  }

  private static String dedupKey(InboundActivity activity) {
    return new NewActivity(activity.id(), activity.actor(), activity.type(), null, null).dedupKey();
  }

  /**
   * An id that names a server must name the actor's (Mastodon checks the same of objects): a
   * guessed id of another server would otherwise be taken as that server's activity. Ids that
   * name no server ({@code urn:uuid:…}) cannot pose as another's, and are kept apart per origin.
   */
  static boolean idOnActorOrigin(InboundActivity activity) {
    return !Origin.namesAServer(activity.id()) || Origin.same(activity.id(), activity.actor());
  }

  /** A U+0000 in any key or string of the tree. */
  static boolean holdsNul(Object json) {
    if (json instanceof String text) {
      return text.indexOf('\0') >= 0;
    }
    if (json instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        if (entry.getKey().indexOf('\0') >= 0 || holdsNul(entry.getValue())) {
          return true;
        }
      }
    } else if (json instanceof io.vertx.core.json.JsonArray array) {
      for (Object item : array) {
        if (holdsNul(item)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Outcome unverified(VerificationOutcome outcome) {
    String reason = "signature_" + outcome.name().toLowerCase(Locale.ROOT);
    return Outcome.of(InboxResult.UNVERIFIED, reason, reason.replace('_', ' '));
  }

  private static boolean isSelfDelete(InboundActivity activity) {
    return activity instanceof InboundActivity.Delete delete && delete.object().id().equals(delete.actor());
  }

  /**
   * @param repeat signed by its actor and stored recently
   * @param proofs the proofs' verdict when it was decided in the signature's hop
   */
  private record Checked(ResolvedKey key, VerificationOutcome result, boolean repeat, Optional<InboundProofs.Verdict> proofs) {}
}
