package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.torg.federation.signature.IncomingRequest;
import org.torg.server.processing.moderation.ReaderAccess;
import org.torg.server.processing.remote.SignedRequests;

/**
 * Signatures on ActivityPub GETs, before the routes that answer them. A signature, when present,
 * is verified in either format (a bad one gets 401 with its reason, so a double-knocking sender
 * tries its other format). With authorized fetch on, as Mastodon's AUTHORIZED_FETCH: an unsigned
 * GET gets 401, except the instance actor, and an actor's document, which then carries its keys
 * only; a signer from a suspended domain gets 403; a signer from a silenced domain or banned from
 * a Group gets 404 for that Group's posts, threads and outbox. HTML pages are not concerned.
 */
public final class SignedFetches implements Handler<RoutingContext> {

  /** Context key: the verified signer's actor id, when the request was signed. */
  public static final String SIGNER = "torg.fetch.signer";
  /** Context key: answer the actor's keys only (authorized fetch, unsigned). */
  public static final String KEYS_ONLY = "torg.fetch.keys-only";

  private static final Pattern AP_PATH = Pattern.compile("^/(actor|users/|groups/|posts/|threads/|activities/).*");
  private static final Pattern ACTOR = Pattern.compile("^/(users|groups)/[^/]+$");
  private static final Pattern POST = Pattern.compile("^/posts/(\\d{1,18})(/(replies|likes|shares))?$");
  private static final Pattern THREAD = Pattern.compile("^/threads/(\\d{1,18})$");
  private static final Pattern GROUP_OUTBOX = Pattern.compile("^/groups/([^/]+)/outbox$");

  private final SignedRequests signatures;
  private final ReaderAccess access;
  private final boolean authorizedFetch;
  private final String instanceActorPath;
  private final String scheme;

  public SignedFetches(SignedRequests signatures, ReaderAccess access, boolean authorizedFetch, String instanceActorPath,
      String scheme) {
    this.signatures = signatures;
    this.access = access;
    this.authorizedFetch = authorizedFetch;
    this.instanceActorPath = instanceActorPath;
    this.scheme = scheme;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path == null || !AP_PATH.matcher(path).matches() || !ContentNegotiation.wantsActivityJson(ctx.request())) {
      ctx.next();
      return;
    }
    if (path.equals(instanceActorPath)) {
      // Never verified: checking the signature would fetch the signer's key, whose server may in
      // turn verify that fetch by reading this actor, signed: two servers doing so deadlock
      // (swicg/activitypub-http-signature#11).
      ctx.next();
      return;
    }
    IncomingRequest request = incoming(ctx);
    boolean actor = ACTOR.matcher(path).matches();
    Future<Optional<String>> signer = SignedRequests.isSigned(request)
        ? signatures.verify(request, alternativeTargets(ctx, path)).compose(verdict -> verdict.verified()
            ? Future.succeededFuture(verdict.signer())
            // An actor's document is how servers get its keys: an unverifiable signature on it
            // (often a key fetch inside the signer's own verification) is read as no signature.
            : actor ? Future.succeededFuture(Optional.<String>empty())
            : Future.failedFuture(new Refusal(401, verdict.reason(), verdict.detail())))
        : Future.succeededFuture(Optional.empty());
    signer.compose(who -> authorize(ctx, path, who).map(who))
        .onSuccess(who -> {
          who.ifPresent(uri -> ctx.put(SIGNER, uri));
          ctx.next();
        })
        .onFailure(e -> {
          if (e instanceof Refusal refusal) {
            ctx.response().setStatusCode(refusal.status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Vary", "Accept")
                .end(new JsonObject().put("error", refusal.reason).put("message", refusal.getMessage()).encode());
          } else {
            ctx.fail(e);
          }
        });
  }

  private Future<Void> authorize(RoutingContext ctx, String path, Optional<String> signer) {
    if (!authorizedFetch) {
      return Future.succeededFuture();
    }
    if (signer.isEmpty()) {
      if (ACTOR.matcher(path).matches()) {
        // Keys stay readable unsigned, or two authorized-fetch servers could never verify each other.
        ctx.put(KEYS_ONLY, true);
        return Future.succeededFuture();
      }
      return Future.failedFuture(new Refusal(401, "signature_required", "This server requires signed fetches."));
    }
    if (access.suspended(signer.get())) {
      return Future.failedFuture(new Refusal(403, "domain_refused", "This server does not serve your server."));
    }
    return groupOf(path).compose(group -> group.isEmpty()
        ? Future.succeededFuture(true)
        : access.seesGroup(signer.get(), group.get()))
        .compose(sees -> sees ? Future.succeededFuture()
            : Future.failedFuture(new Refusal(404, "not_found", "No such object here.")));
  }

  private Future<Optional<Long>> groupOf(String path) {
    Matcher m = POST.matcher(path);
    if (m.matches()) {
      return access.groupOfPost(Long.parseLong(m.group(1)));
    }
    m = THREAD.matcher(path);
    if (m.matches()) {
      return access.groupOfThread(Long.parseLong(m.group(1)));
    }
    m = GROUP_OUTBOX.matcher(path);
    if (m.matches()) {
      return access.groupNamed(m.group(1));
    }
    return Future.succeededFuture(Optional.empty());
  }

  /** Fedify signs a GET of an actor's key with the key id, fragment and all, as its target URI. */
  private List<String> alternativeTargets(RoutingContext ctx, String path) {
    if (!path.equals(instanceActorPath) && !ACTOR.matcher(path).matches()) {
      return List.of();
    }
    String host = Optional.ofNullable(ctx.request().getHeader("Host")).orElse("");
    return List.of(scheme + "://" + host + ctx.request().uri() + "#main-key");
  }

  private IncomingRequest incoming(RoutingContext ctx) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    ctx.request().headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue()));
    String host = ctx.request().getHeader("Host");
    return new IncomingRequest(ctx.request().method().name(), ctx.request().uri(), host == null ? "" : host, scheme,
        headers, new byte[0]);
  }

  /** A refusal with its status, code and sentence. */
  private static final class Refusal extends RuntimeException {
    final int status;
    final String reason;

    Refusal(int status, String reason, String message) {
      super(message, null, false, false);
      this.status = status;
      this.reason = reason;
    }
  }
}
