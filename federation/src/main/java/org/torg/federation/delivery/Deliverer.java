package org.torg.federation.delivery;

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
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.TrustOptions;
import java.net.InetAddress;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.torg.federation.fetch.AddressPolicy;
import org.torg.federation.fetch.AddressVerdict;
import org.torg.federation.fetch.CachingHostResolver;
import org.torg.federation.fetch.FetchException;
import org.torg.federation.fetch.FetchTarget;
import org.torg.federation.fetch.HostResolver;
import org.torg.federation.fetch.SystemHostResolver;
import org.torg.federation.fetch.TransportFailure;
import org.torg.federation.fetch.VettedResolver;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.SignatureFormat;
import org.torg.federation.vocab.ActivityStreams;

/**
 * POSTs one activity to one remote inbox, signed, and says what became of it (INTEROP.md §3,
 * §5). The queue (owned by the server) decides what to deliver and when; this class only makes
 * one attempt per call and names its {@link DeliveryOutcome}.
 *
 * <p>An inbox URL comes from a remote actor's document, so it is treated like any URL a
 * stranger chose: https only; the host resolved here, every address vetted by the
 * {@link AddressPolicy}, and the connection made to the vetted address (Host header, TLS SNI
 * and certificate check still use the name).
 *
 * <p>One deliverer holds one HTTP client: keep-alive connections pooled per host, shared by
 * every delivery, no lock between them, so a slow host delays only the deliveries waiting for
 * its own connections. Create it once, {@link #close()} it on shutdown.
 */
public final class Deliverer {

  /**
   * Inbox answers are a status and a few words; a longer body is not worth reading just to keep
   * its connection.
   */
  static final long MAX_RESPONSE_BYTES = 64 * 1024;

  /**
   * A peer whose idle keep-alive connection we reuse just as it closes it fails the POST. Puma
   * closes idle connections after 20 s, nginx after 75 s: retiring ours after 15 s avoids the
   * race with both.
   */
  private static final int POOLED_CONNECTION_IDLE_SECONDS = 15;

  /**
   * The statuses after which the other signature format is tried at once. A peer that cannot
   * verify a format answers 401 (Mastodon, and what INTEROP.md §3 asks of verifiers) or, on
   * some implementations, 400; without the second knock an RFC 9421 delivery to a cavage-only
   * server would be retried for three days and then lost.
   */
  private static final Set<Integer> SECOND_KNOCK_STATUSES = Set.of(400, 401);

  /**
   * Errors go to logs and a column of the queue table; an exception's text can run to
   * paragraphs (certificate paths, nested causes), of which the start says what happened.
   */
  static final int MAX_ERROR_LENGTH = 200;

  private final Vertx vertx;
  private final DeliveryOptions options;
  private final VettedResolver resolver;
  private final HttpClientAgent client;

  public Deliverer(Vertx vertx, DeliveryOptions options) {
    this(vertx, options, new CachingHostResolver(new SystemHostResolver(vertx, "torg-delivery-dns")),
        new AddressPolicy(options.allowPrivateAddresses())::check, null);
  }

  /**
   * For tests: a resolver that maps test names to 127.0.0.1, an address check that lets one
   * test address pass as public, and trust in a test certificate (null: the JVM's CAs).
   */
  Deliverer(
      Vertx vertx,
      DeliveryOptions options,
      HostResolver resolver,
      Function<InetAddress, AddressVerdict> addressCheck,
      TrustOptions trust) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options");
    this.resolver = new VettedResolver(resolver, addressCheck);
    HttpClientOptions http = new HttpClientOptions()
        .setConnectTimeout(millis(options.connectTimeout()))
        .setSslHandshakeTimeout(options.connectTimeout().toMillis())
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
        .setKeepAlive(true)
        .setKeepAliveTimeout(POOLED_CONNECTION_IDLE_SECONDS)
        // No Accept-Encoding: the answer is discarded, inflating it would be wasted work.
        .setDecompressionSupported(false);
    if (trust != null) {
      http.setTrustOptions(trust);
    }
    // Vert.x keeps one pool per server address and host name: the limit is per host, and the
    // wait queue is per host too.
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(options.maxPoolPerHost());
    this.client = vertx.createHttpClient(http, pool);
  }

  /**
   * Makes one delivery attempt: signs the body at send time (a queued delivery may be hours
   * old; Mastodon refuses a {@code Date} older than about an hour) and POSTs it to
   * {@code inbox}. When the answer to {@code firstFormat} is 400 or 401, signs again in the
   * other format and POSTs once more at once ("double knock").
   *
   * <p>Completes within {@link DeliveryOptions#requestTimeout()} (both knocks together).
   *
   * @param body the activity as serialized, sent byte for byte (the digest covers these bytes)
   * @param keyId the signing actor's key id, {@code https://host/actor#main-key}
   * @param firstFormat the format to try first: the one the host accepted last time, else the
   *     server's default
   * @return the result; a failed future only for this server's own faults, which no retry can
   *     mend: a key that cannot sign or a keyId a signature cannot carry
   *     ({@link IllegalArgumentException} from {@link HttpSigner})
   */
  public Future<DeliveryResult> deliver(
      URI inbox, byte[] body, String keyId, PrivateKey key, SignatureFormat firstFormat) {
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(firstFormat, "firstFormat");
    return new Attempt(inbox, body.clone(), keyId, key, firstFormat).run();
  }

  /** Closes the connection pool and the resolver's threads; deliveries in flight fail. */
  public Future<Void> close() {
    return client.close().eventually(resolver::close);
  }

  private static SignatureFormat otherFormat(SignatureFormat format) {
    return format == SignatureFormat.DRAFT_CAVAGE ? SignatureFormat.RFC9421 : SignatureFormat.DRAFT_CAVAGE;
  }

  private static String brief(String error) {
    String text = error == null ? "unknown failure" : error;
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }

  /**
   * One call of {@link #deliver}: its knocks, the request in flight (so the timeout can close
   * it) and the format being tried (so a timeout reports it). Its state is touched from the
   * timer, worker and event-loop threads, hence the synchronized accessors.
   */
  private final class Attempt {
    private final URI inbox;
    private final byte[] body;
    private final String keyId;
    private final PrivateKey key;
    private final SignatureFormat firstFormat;
    private final long startedNanos = System.nanoTime();

    private SignatureFormat currentFormat;
    private HttpClientRequest inFlight;
    private boolean abandoned;

    Attempt(URI inbox, byte[] body, String keyId, PrivateKey key, SignatureFormat firstFormat) {
      this.inbox = inbox;
      this.body = body;
      this.keyId = keyId;
      this.key = key;
      this.firstFormat = firstFormat;
      this.currentFormat = firstFormat;
    }

    Future<DeliveryResult> run() {
      FetchTarget target;
      try {
        target = FetchTarget.of(inbox, options.allowPrivateAddresses());
      } catch (FetchException refused) {
        return Future.succeededFuture(noAnswer(DeliveryOutcome.BLOCKED_ADDRESS, unusableUrl(refused)));
      }
      Future<DeliveryResult> knocked = resolver.addressToConnect(target.hostName())
          .transform(vetting -> vetting.succeeded()
              ? knockTwiceIfNeeded(target, vetting.result())
              : Future.succeededFuture(notConnected(vetting.cause())));
      return withinRequestTimeout(knocked);
    }

    private String unusableUrl(FetchException refused) {
      String url = FetchTarget.withoutSecrets(inbox);
      return refused.reason() == FetchException.Reason.SCHEME_NOT_ALLOWED
          ? "scheme not allowed: " + url
          : "no usable host: " + url;
    }

    /** A host that does not resolve may come back; one that resolves to a refused address won't. */
    private DeliveryResult notConnected(Throwable vettingFailure) {
      if (vettingFailure instanceof FetchException refused
          && refused.reason() == FetchException.Reason.ADDRESS_NOT_ALLOWED) {
        return noAnswer(DeliveryOutcome.BLOCKED_ADDRESS, refused.getMessage());
      }
      return noAnswer(DeliveryOutcome.RETRY, vettingFailure.getMessage());
    }

    private Future<DeliveryResult> knockTwiceIfNeeded(FetchTarget target, InetAddress address) {
      return knock(target, address, firstFormat)
          .compose(first -> SECOND_KNOCK_STATUSES.contains(first.status())
              ? knock(target, address, otherFormat(firstFormat))
              : Future.succeededFuture(first));
    }

    /** Signs on a worker (RSA is milliseconds of CPU: not on an event loop), then POSTs. */
    private Future<DeliveryResult> knock(FetchTarget target, InetAddress address, SignatureFormat format) {
      trying(format);
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", ActivityStreams.CONTENT_TYPE);
      headers.put("User-Agent", options.userAgent());
      return vertx.executeBlocking(
              () -> HttpSigner.sign(format, "POST", target.url(), headers, body, keyId, key, Instant.now()), false)
          .compose(signed -> post(target, address, signed, format));
    }

    /**
     * Connects to the vetted address itself; Host header, TLS SNI and certificate verification
     * use the host name. Every failure below HTTP becomes a RETRY result here, so that only
     * signing failures fail the future.
     */
    private Future<DeliveryResult> post(
        FetchTarget target, InetAddress address, Map<String, String> signedHeaders, SignatureFormat format) {
      if (isAbandoned()) {
        // Timed out while signing: connecting now would only open a connection to close it.
        return Future.succeededFuture(noAnswer(DeliveryOutcome.RETRY, "timed out"));
      }
      RequestOptions request = target.requestTo(address, HttpMethod.POST, options.connectTimeout(), options.requestTimeout());
      signedHeaders.forEach(request::putHeader);
      return client.request(request)
          .compose(sending -> track(sending).send(Buffer.buffer(body)))
          .map(response -> answered(response, format))
          .otherwise(failure -> unanswered(failure, format));
    }

    /** Runs in the callback that receives the response, so the drain is in place in time. */
    private DeliveryResult answered(HttpClientResponse response, SignatureFormat format) {
      int status = response.statusCode();
      Optional<Duration> retryAfter = RetryAfter.parse(response.getHeader(HttpHeaders.RETRY_AFTER), Instant.now());
      ResponseDrain.discard(vertx, response, MAX_RESPONSE_BYTES, options.requestTimeout());
      DeliveryOutcome outcome = DeliveryOutcome.classify(status);
      String error = outcome == DeliveryOutcome.DELIVERED ? null : "HTTP " + status;
      return new DeliveryResult(outcome, status, retryAfter, format, error, elapsed());
    }

    private DeliveryResult unanswered(Throwable failure, SignatureFormat format) {
      String error = TransportFailure.isTimeout(failure)
          ? "timed out"
          : "connection failed: " + TransportFailure.rootCause(failure);
      return new DeliveryResult(DeliveryOutcome.RETRY, 0, Optional.empty(), format, brief(error), elapsed());
    }

    private DeliveryResult noAnswer(DeliveryOutcome outcome, String error) {
      return new DeliveryResult(outcome, 0, Optional.empty(), currentFormat(), brief(error), elapsed());
    }

    /**
     * Ends the attempt after {@link DeliveryOptions#requestTimeout()} whatever it is doing, and
     * closes the request in flight so its connection does not linger.
     */
    private Future<DeliveryResult> withinRequestTimeout(Future<DeliveryResult> knocked) {
      Promise<DeliveryResult> outcome = Promise.promise();
      long timeoutMillis = options.requestTimeout().toMillis();
      long timer = vertx.setTimer(timeoutMillis, fired -> {
        DeliveryResult timedOut = noAnswer(DeliveryOutcome.RETRY, "no answer within " + timeoutMillis + " ms");
        if (outcome.tryComplete(timedOut)) {
          abandon();
        }
      });
      knocked.onComplete(result -> {
        vertx.cancelTimer(timer);
        if (result.succeeded()) {
          outcome.tryComplete(result.result());
        } else {
          outcome.tryFail(result.cause());
        }
      });
      return outcome.future();
    }

    private Duration elapsed() {
      return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private synchronized void trying(SignatureFormat format) {
      currentFormat = format;
    }

    private synchronized SignatureFormat currentFormat() {
      return currentFormat;
    }

    private synchronized HttpClientRequest track(HttpClientRequest request) {
      inFlight = request;
      if (abandoned) {
        // The attempt timed out while this request was being signed or connected.
        request.reset();
      }
      return request;
    }

    private synchronized boolean isAbandoned() {
      return abandoned;
    }

    private synchronized void abandon() {
      abandoned = true;
      if (inFlight != null) {
        inFlight.reset();
      }
    }
  }
}
