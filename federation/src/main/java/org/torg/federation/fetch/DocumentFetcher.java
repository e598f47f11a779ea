package org.torg.federation.fetch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.TrustOptions;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.torg.federation.signature.SignedGetForm;

/**
 * Fetches one ActivityPub document from another server, with the protections a fetch of a
 * stranger-chosen URL needs (INTEROP.md §7): https only; the host resolved here and every
 * address vetted by the {@link AddressPolicy} before connecting to a vetted address, on every
 * redirect hop; bounded size and time; the document's {@code id} equal to the URL it came from.
 *
 * <p>{@code http:} is accepted only with {@link FetchOptions#allowPrivateAddresses()}, meant for
 * test federations on one machine.
 *
 * <p>Public server metadata (NodeInfo) is fetched the same way by {@link #fetchPlainJson}, which
 * differs only in what it asks for and accepts (see {@link DocumentKind}).
 *
 * <p>One fetcher holds one HTTP client whose keep-alive pool is shared by all fetches; create it
 * once, {@link #close()} it on shutdown.
 */
public final class DocumentFetcher {

  /**
   * Both ActivityPub media types; ActivityPub §7 requires clients to ask for ld+json with the
   * ActivityStreams profile. A server that sees neither answers its HTML page.
   */
  static final String ACCEPT =
      "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

  private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);
  /**
   * The answers after which the next signature form is tried at once: a verifier that cannot
   * check a format answers 401 (Mastodon, GoToSocial, Fedify) or 403 (some authorized-fetch
   * setups); Fedify knocks again on either.
   */
  private static final Set<Integer> NEXT_KNOCK_STATUSES = Set.of(401, 403);
  private static final int REMEMBERED_HOSTS = 10_000;

  private final Vertx vertx;
  private final FetchOptions options;
  private final RequestSigner signer;
  private final VettedResolver resolver;
  private final HttpClientAgent client;
  /** The signature form each host last answered with a success, tried first next time. */
  private final Map<String, SignedGetForm> acceptedForms = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SignedGetForm> eldest) {
          return size() > REMEMBERED_HOSTS;
        }
      });

  /**
   * @param signer signs every request sent; null sends them unsigned. A signer with several
   *     {@link RequestSigner#forms()} gets knocks: RFC 9421 first, the next form at once after a
   *     401 or 403, and per host the form last answered with a success first next time.
   */
  public DocumentFetcher(Vertx vertx, FetchOptions options, RequestSigner signer) {
    this(vertx, options, signer, new SystemHostResolver(vertx, "torg-fetch-dns"),
        new AddressPolicy(options.allowPrivateAddresses())::check, null);
  }

  /**
   * For tests: a resolver that maps test names to 127.0.0.1, an address check that lets one
   * test address pass as public, and trust in a test certificate (null: the JVM's CAs).
   */
  DocumentFetcher(
      Vertx vertx,
      FetchOptions options,
      RequestSigner signer,
      HostResolver resolver,
      Function<InetAddress, AddressVerdict> addressCheck,
      TrustOptions trust) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options");
    this.signer = signer == null ? RequestSigner.UNSIGNED : signer;
    this.resolver = new VettedResolver(resolver, addressCheck);
    HttpClientOptions http = new HttpClientOptions()
        .setConnectTimeout(millis(options.connectTimeout()))
        .setSslHandshakeTimeout(options.connectTimeout().toMillis())
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
        .setKeepAlive(true)
        // Peers close idle keep-alive connections after 20 s (Puma) to 75 s (nginx); reusing one
        // they are closing fails the request, so pooled connections retire after readTimeout.
        .setKeepAliveTimeout(Math.max(1, (int) options.readTimeout().toSeconds()))
        // Without Accept-Encoding, servers send identity: maxBytes then bounds what the server
        // sends and what we hold, and no decompression bomb can slip through.
        .setDecompressionSupported(false);
    if (trust != null) {
      http.setTrustOptions(trust);
    }
    this.client = vertx.createHttpClient(http);
  }

  /**
   * Fetches {@code url} (a fragment is not sent: {@code …/actor#main-key} fetches
   * {@code …/actor}, and the caller picks the fragment out of the document).
   *
   * @return the document whose {@code id} is the final URL; or a failed future with a
   *     {@link FetchException}. An exception thrown by the {@link RequestSigner} fails the
   *     future unchanged: it is this server's fault, not the remote's.
   */
  public Future<FetchedDocument> fetchJson(URI url) {
    return fetch(url, DocumentKind.ACTIVITY_STREAMS);
  }

  /**
   * Fetches public server metadata, such as a NodeInfo document or its {@code .well-known} JRD,
   * with the same address checks, redirects, size and time limits as {@link #fetchJson}. Unlike
   * it: unsigned, {@code application/json} and {@code application/jrd+json} accepted (and nothing
   * else), and no {@code id} check, as these documents have none. What comes back is NOT an
   * ActivityPub document of the host and must never be stored or trusted as one.
   *
   * @return the JSON object, with {@link FetchedDocument#finalUrl()} the URL it was read from
   *     after redirects, which may be on another host: callers that care must check; or a
   *     failed future with a {@link FetchException}
   */
  public Future<FetchedDocument> fetchPlainJson(URI url) {
    return fetch(url, DocumentKind.PLAIN_JSON);
  }

  /**
   * An ActivityPub document whose id may differ from the URL: only to learn which id a page URL
   * stands for. Never use what it says beyond its id; fetch that id with {@link #fetchJson}.
   */
  public Future<FetchedDocument> fetchForId(URI url) {
    return fetch(url, DocumentKind.ID_LOOKUP);
  }

  /**
   * Fetches a remote post's attachment (an image or a PDF) for Torg's media cache: the same SSRF
   * guard, redirects and time limits, unsigned, reading at most {@code maxBytes} (a larger
   * Content-Length is refused before the body is read). Only the content types in
   * {@link FetchedMedia#TYPES} are accepted.
   */
  public Future<FetchedMedia> fetchMedia(URI url, long maxBytes) {
    return fetchBody(url, DocumentKind.MEDIA, maxBytes)
        .map(body -> new FetchedMedia(body.target().url(), body.contentType(), body.bytes()));
  }

  private Future<FetchedDocument> fetch(URI url, DocumentKind kind) {
    return fetchBody(url, kind, options.maxBytes()).map(body -> document(body.target(), body.bytes(), kind));
  }

  /** A response body as read, before it is taken for a document or a file. */
  private record ReadBody(FetchTarget target, String contentType, Buffer bytes) {}

  private Future<ReadBody> fetchBody(URI url, DocumentKind kind, long maxBytes) {
    InFlightRequest inFlight = new InFlightRequest();
    Future<ReadBody> fetched = Future.succeededFuture(url)
        .map(this::target)
        .compose(target -> fetchHop(target, 0, kind, inFlight, maxBytes));
    return withinTotalTimeout(fetched, inFlight, url);
  }

  /** Closes the connection pool and the resolver's threads; fetches in flight fail. */
  public Future<Void> close() {
    return client.close().eventually(resolver::close);
  }

  private FetchTarget target(URI url) {
    return FetchTarget.of(url, options.allowPrivateAddresses());
  }

  private Future<ReadBody> fetchHop(
      FetchTarget target, int redirectsFollowed, DocumentKind kind, InFlightRequest inFlight, long maxBytes) {
    return resolver.addressToConnect(target.hostName())
        .compose(address -> send(target, address, kind, inFlight))
        .compose(response -> REDIRECT_STATUSES.contains(response.statusCode())
            ? followRedirect(target, response, redirectsFollowed, kind, inFlight, maxBytes)
            : readBody(target, response, kind, maxBytes));
  }

  /**
   * Connects to the vetted address itself. Host header, TLS SNI and certificate verification
   * still use the host name, so name-based virtual hosting and HTTPS work as usual.
   */
  private Future<HttpClientResponse> send(
      FetchTarget target, InetAddress address, DocumentKind kind, InFlightRequest inFlight) {
    if (!kind.signed() || signer.forms().isEmpty()) {
      return sendOnce(target, address, kind, inFlight, null);
    }
    List<SignedGetForm> knocks = SignedGetForm.knocks(target.url(), acceptedForms.get(target.hostHeader()));
    return knock(target, address, kind, inFlight, knocks.stream().filter(signer.forms()::contains).toList(), 0);
  }

  /** One knock; after a 401 or 403 the next form, at once; a success remembers its form for the host. */
  private Future<HttpClientResponse> knock(FetchTarget target, InetAddress address, DocumentKind kind,
      InFlightRequest inFlight, List<SignedGetForm> knocks, int index) {
    SignedGetForm form = knocks.get(index);
    return sendOnce(target, address, kind, inFlight, form).compose(response -> {
      int status = response.statusCode();
      if (NEXT_KNOCK_STATUSES.contains(status) && index + 1 < knocks.size()) {
        discard(response);
        return knock(target, address, kind, inFlight, knocks, index + 1);
      }
      if (status >= 200 && status < 300) {
        acceptedForms.put(target.hostHeader(), form);
      }
      return Future.succeededFuture(response);
    });
  }

  /** The form this fetcher tries first for a host: the last one it answered, else empty. */
  public java.util.Optional<SignedGetForm> acceptedForm(String hostAndPort) {
    return java.util.Optional.ofNullable(acceptedForms.get(hostAndPort));
  }

  private Future<HttpClientResponse> sendOnce(
      FetchTarget target, InetAddress address, DocumentKind kind, InFlightRequest inFlight, SignedGetForm form) {
    RequestOptions request = target.requestTo(address, HttpMethod.GET, options.connectTimeout(), options.readTimeout());
    // Signing is an RSA operation: a worker thread does it, at send time, for every hop and knock.
    Future<Map<String, String>> headersToSend = kind.signed()
        ? vertx.executeBlocking(() -> signedHeaders(target, kind, form), false)
        : Future.succeededFuture(unsignedHeaders(target, kind));
    return headersToSend
        .compose(headers -> {
          headers.forEach(request::putHeader);
          return client.request(request)
              // A request the total timeout already reset must not be sent: Vert.x throws
              // IllegalStateException (checkEnded) from send() on it, seen on a loaded machine.
              .compose(sending -> inFlight.track(sending)
                  // Paused in the first callback that receives it, which runs on the request's own
                  // context as the head arrives: the callbacks composed after it may run later, as
                  // tasks, by when a small body could have come and gone with no handler to take
                  // it (IllegalStateException from checkEnded when BoundedBody then set one).
                  ? sending.send().map(response -> response.pause())
                  : Future.failedFuture(new FetchException(FetchException.Reason.TIMEOUT,
                      target.forMessages() + " took over " + options.totalTimeout().toMillis() + " ms")))
              .recover(failure -> Future.failedFuture(TransportFailure.classify(failure, target.forMessages())));
        });
  }

  private Map<String, String> signedHeaders(FetchTarget target, DocumentKind kind, SignedGetForm form) {
    Map<String, String> headers = unsignedHeaders(target, kind);
    return Objects.requireNonNull(form == null ? signer.sign("GET", target.url(), headers)
        : signer.sign("GET", target.url(), headers, form), "RequestSigner returned null");
  }

  private Map<String, String> unsignedHeaders(FetchTarget target, DocumentKind kind) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", target.hostHeader());
    headers.put("Accept", kind.accept());
    headers.put("User-Agent", options.userAgent());
    return headers;
  }

  private Future<ReadBody> followRedirect(FetchTarget from, HttpClientResponse response,
      int redirectsFollowed, DocumentKind kind, InFlightRequest inFlight, long maxBytes) {
    int status = response.statusCode();
    String location = response.getHeader(HttpHeaders.LOCATION);
    discard(response);
    if (redirectsFollowed >= options.maxRedirects()) {
      return Future.failedFuture(new FetchException(FetchException.Reason.TOO_MANY_REDIRECTS,
          from.forMessages() + " redirects once more after " + redirectsFollowed + " redirects"));
    }
    if (location == null || location.isBlank()) {
      return Future.failedFuture(FetchException.httpStatus(status,
          from.forMessages() + " answered " + status + " without Location"));
    }
    URI next;
    try {
      next = from.url().resolve(location.trim());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(FetchException.httpStatus(status,
          from.forMessages() + " answered " + status + " with an invalid Location"));
    }
    return Future.succeededFuture(next)
        .map(this::target)
        .compose(target -> fetchHop(target, redirectsFollowed + 1, kind, inFlight, maxBytes));
  }

  /** Runs in the callback that receives the response, so the body reader is in place in time. */
  private Future<ReadBody> readBody(FetchTarget target, HttpClientResponse response, DocumentKind kind, long maxBytes) {
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      discard(response);
      return Future.failedFuture(FetchException.httpStatus(status,
          target.forMessages() + " answered " + status));
    }
    String contentType = response.getHeader(HttpHeaders.CONTENT_TYPE);
    if (!kind.acceptsContentType(contentType)) {
      discard(response);
      return Future.failedFuture(new FetchException(FetchException.Reason.WRONG_CONTENT_TYPE,
          target.forMessages() + " is " + (contentType == null ? "untyped" : contentType)));
    }
    if (declaredLength(response) > maxBytes) {
      discard(response);
      return Future.failedFuture(new FetchException(FetchException.Reason.TOO_LARGE,
          target.forMessages() + " announces more than " + maxBytes + " bytes"));
    }
    return BoundedBody.read(response, maxBytes, options.readTimeout().toMillis(), target.forMessages())
        .recover(failure -> Future.failedFuture(TransportFailure.classify(failure, target.forMessages())))
        .map(body -> new ReadBody(target, contentType, body));
  }

  private static FetchedDocument document(FetchTarget target, Buffer body, DocumentKind kind) {
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new FetchException(FetchException.Reason.NOT_JSON, target.forMessages() + " is not valid JSON", e);
    }
    if (!(parsed instanceof JsonObject json)) {
      throw new FetchException(FetchException.Reason.NOT_JSON, target.forMessages() + " is not a JSON object");
    }
    if (kind.idMustBeUrl() && !DocumentId.names(json.getValue("id"), target.url())) {
      throw new FetchException(FetchException.Reason.ID_MISMATCH,
          target.forMessages() + " serves a document with another id");
    }
    return new FetchedDocument(target.url(), json);
  }

  /** -1 when absent or unreadable; the bytes are counted as they come anyway. */
  private static long declaredLength(HttpClientResponse response) {
    String header = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Drops a response whose body we do not want. Closing the connection costs a handshake on
   * the next fetch; reading an unknown body to keep it could cost far more.
   */
  private static void discard(HttpClientResponse response) {
    // The reset comes back as an exception on the response: expected, so not worth a log line.
    response.exceptionHandler(expected -> { });
    response.request().reset();
  }

  /**
   * Fails the fetch after {@link FetchOptions#totalTimeout()} whatever the hop, and closes the
   * request in flight so its connection does not linger.
   */
  private <T> Future<T> withinTotalTimeout(Future<T> fetched, InFlightRequest inFlight, URI url) {
    Promise<T> outcome = Promise.promise();
    long timer = vertx.setTimer(options.totalTimeout().toMillis(), fired -> {
      if (outcome.tryFail(new FetchException(FetchException.Reason.TIMEOUT,
          FetchTarget.withoutSecrets(url) + " took over " + options.totalTimeout().toMillis() + " ms"))) {
        inFlight.abort();
      }
    });
    fetched.onComplete(result -> {
      vertx.cancelTimer(timer);
      if (result.succeeded()) {
        outcome.tryComplete(result.result());
      } else {
        outcome.tryFail(result.cause());
      }
    });
    return outcome.future();
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }

  /** The request a fetch is waiting on, so the total timeout can close it. */
  private static final class InFlightRequest {
    private HttpClientRequest current;
    private boolean aborted;

    /** False when the fetch already failed on its total timeout while this hop was connecting. */
    synchronized boolean track(HttpClientRequest request) {
      current = request;
      if (aborted) {
        request.reset();
        return false;
      }
      return true;
    }

    synchronized void abort() {
      aborted = true;
      if (current != null) {
        current.reset();
      }
    }
  }
}
