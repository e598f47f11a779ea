package org.torg.server.processing.remote;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torg.federation.fetch.FetchException;
import org.torg.federation.fetch.TransportFailure;
import org.torg.federation.nodeinfo.AnnounceForm;
import org.torg.federation.nodeinfo.NodeInfoClient;
import org.torg.federation.nodeinfo.NodeInfoException;
import org.torg.server.db.RemoteSoftwareRepository;
import org.torg.server.db.RemoteSoftwareRepository.SoftwareState;

/**
 * Which software each remote host runs, so a Group Announces in the form its followers there
 * read (FEP-1b12, INTEROP §4). Answers come from memory, then the remote_host table (shared by
 * every node), then the host's NodeInfo; every answer is stored.
 *
 * <p>An answer is good for {@link #FRESH_FOR}: servers change software almost never and versions
 * rarely, and a Group may Announce to the same host many times an hour. A failed attempt is
 * retried after {@link #RETRY_FAILURE_AFTER} only, so a host without NodeInfo (or down) costs one
 * fetch an hour, not one per Announce; meanwhile the name learned before, if any, still counts,
 * and a host never identified gets {@link AnnounceForm#OBJECT_ID} (see there why).
 *
 * <p>However many Announces ask at once, one lookup per host is in flight; the others wait for
 * its answer.
 */
public final class RemoteSoftware {

  public static final Duration FRESH_FOR = Duration.ofHours(24);
  public static final Duration RETRY_FAILURE_AFTER = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(RemoteSoftware.class);
  private static final int CACHE_SIZE = 10_000;
  private static final int MAX_ERROR_LENGTH = 500;

  private final NodeInfoClient nodeInfo;
  private final RemoteSoftwareRepository repository;
  private final Clock clock;
  private final String scheme;
  private final Map<String, Future<SoftwareState>> inFlight = new ConcurrentHashMap<>();
  private final Map<String, SoftwareState> cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, SoftwareState> eldest) {
      return size() > CACHE_SIZE;
    }
  });

  /**
   * @param plainHttp ask over http instead of https: only for test federations on one machine,
   *     which run plain http (and where the fetcher allows it, with private addresses)
   */
  public RemoteSoftware(NodeInfoClient nodeInfo, RemoteSoftwareRepository repository, Clock clock, boolean plainHttp) {
    this.nodeInfo = nodeInfo;
    this.repository = repository;
    this.clock = clock;
    this.scheme = plainHttp ? "http" : "https";
  }

  /**
   * @param host host[:port] as Torg names servers (delivery rows, remote_host)
   * @return the form to Announce in to that host; fails only when the database does, or for a
   *     {@code host} that is not a host name
   */
  public Future<AnnounceForm> announceFormOf(String host) {
    return softwareOf(host).map(state -> AnnounceForm.forSoftware(state.name().orElse(null)));
  }

  /** What is known of {@code host}'s software, asked of the host when not known or no longer fresh. */
  public Future<SoftwareState> softwareOf(String host) {
    String key = host.toLowerCase(Locale.ROOT);
    SoftwareState cached = cache.get(key);
    if (cached != null && fresh(cached)) {
      return Future.succeededFuture(cached);
    }
    Promise<SoftwareState> mine = Promise.promise();
    Future<SoftwareState> running = inFlight.putIfAbsent(key, mine.future());
    if (running != null) {
      return running;
    }
    lookUp(key).onComplete(result -> {
      // Removed before completing: whoever comes next finds the cache filled, not a finished lookup.
      inFlight.remove(key, mine.future());
      mine.handle(result);
    });
    return mine.future();
  }

  private Future<SoftwareState> lookUp(String host) {
    URI server;
    try {
      server = serverUrl(host);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    // Storage first, even when memory holds a stale answer: another node may have asked since.
    return repository.find(host).compose(stored -> {
      if (stored.isPresent() && fresh(stored.get())) {
        cache.put(host, stored.get());
        return Future.succeededFuture(stored.get());
      }
      return ask(host, server, stored);
    });
  }

  private Future<SoftwareState> ask(String host, URI server, Optional<SoftwareState> before) {
    Instant now = clock.instant();
    return nodeInfo.fetch(server)
        .map(info -> new SoftwareState(Optional.of(info.softwareName()), info.softwareVersion(), now, Optional.empty()))
        .recover(failure -> Future.succeededFuture(new SoftwareState(before.flatMap(SoftwareState::name),
            before.flatMap(SoftwareState::version), now, Optional.of(describe(failure)))))
        .compose(state -> store(host, state).map(state))
        .onSuccess(state -> {
          cache.put(host, state);
          log(host, before, state);
        });
  }

  /** A lost write costs one more NodeInfo fetch later, not the answer: logged, not failed. */
  private Future<Void> store(String host, SoftwareState state) {
    Future<Void> written = state.error().isEmpty()
        ? repository.recordSoftware(host, state.name().orElseThrow(), state.version().orElse(null), state.checkedAt())
        : repository.recordFailure(host, state.error().get(), state.checkedAt());
    return written.recover(failure -> {
      LOG.warn("Could not store the software of {}: {}", host, TransportFailure.rootCause(failure));
      return Future.succeededFuture();
    });
  }

  private boolean fresh(SoftwareState state) {
    Duration lifetime = state.error().isEmpty() ? FRESH_FOR : RETRY_FAILURE_AFTER;
    return clock.instant().isBefore(state.checkedAt().plus(lifetime));
  }

  private URI serverUrl(String host) {
    try {
      URI uri = new URI(scheme + "://" + host);
      if (uri.getHost() == null || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty()
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException("not a host: " + host);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a host: " + host, e);
    }
  }

  /** Messages of the fetcher and the NodeInfo client name the URL and the reason, never a secret. */
  private static String describe(Throwable failure) {
    String text = failure instanceof FetchException || failure instanceof NodeInfoException
        ? failure.getMessage()
        : TransportFailure.rootCause(failure);
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
  }

  private static void log(String host, Optional<SoftwareState> before, SoftwareState now) {
    Optional<String> nameBefore = before.flatMap(SoftwareState::name);
    AnnounceForm form = AnnounceForm.forSoftware(now.name().orElse(null));
    if (now.error().isPresent()) {
      LOG.info("No NodeInfo from {} ({}); Announcing {} to it", host, now.error().get(), form);
    } else if (!now.name().equals(nameBefore)) {
      LOG.info("{} runs {} {}; Announcing {} to it", host, now.name().orElseThrow(), now.version().orElse(""), form);
    }
  }
}
