package org.torg.federation.nodeinfo;

import io.vertx.core.Future;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.torg.federation.fetch.DocumentFetcher;
import org.torg.federation.fetch.FetchTarget;
import org.torg.federation.fetch.FetchedDocument;

/**
 * Asks a server which software it runs: GET {@code /.well-known/nodeinfo}, pick the NodeInfo
 * link, GET that document. Both requests go through the {@link DocumentFetcher}, so the SSRF
 * guard, the redirect cap and the size and time limits of every other fetch apply (a test
 * federation's {@code allowPrivateAddresses} lets it use http and loopback, as everywhere).
 *
 * <p>Everything stays on the host asked about: a link or a redirect to another host fails with
 * {@link NodeInfoException.Reason#OTHER_HOST}. The answer is remembered as that host's and
 * decides how Torg writes to it, so only the host itself may give it: a document elsewhere
 * describes another server (a hosting provider's, a bigger instance's), and following links a
 * stranger puts in its JRD would let any server point every Torg that talks to it at a third
 * party's URLs. Servers link their own NodeInfo (Mastodon, Lemmy, Misskey, Pleroma, PieFed,
 * Friendica, GoToSocial all do), so nothing legitimate is lost.
 */
public final class NodeInfoClient {

  static final String WELL_KNOWN_PATH = "/.well-known/nodeinfo";

  private final DocumentFetcher fetcher;

  public NodeInfoClient(DocumentFetcher fetcher) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
  }

  /**
   * @param server {@code https://host[:port]} (any path is ignored); {@code http:} only works
   *     where the fetcher allows private addresses
   * @return what the server says it runs; or a failed future with the fetcher's
   *     {@code FetchException} (unreachable, refused address, timeout, too large, not JSON, 404…)
   *     or a {@link NodeInfoException}
   */
  public Future<NodeInfo> fetch(URI server) {
    URI wellKnown = server.resolve(WELL_KNOWN_PATH);
    String host = authority(server);
    return fetcher.fetchPlainJson(wellKnown)
        .map(jrd -> sameHost(host, jrd))
        .map(jrd -> NodeInfoLinks.choose(jrd.json(), jrd.finalUrl()).orElseThrow(() -> new NodeInfoException(
            NodeInfoException.Reason.NO_NODEINFO_LINK, FetchTarget.withoutSecrets(jrd.finalUrl()) + " links no NodeInfo document")))
        .map(link -> {
          if (!host.equals(authority(link))) {
            throw new NodeInfoException(NodeInfoException.Reason.OTHER_HOST,
                host + " links its NodeInfo on another host: " + FetchTarget.withoutSecrets(link));
          }
          return link;
        })
        .compose(fetcher::fetchPlainJson)
        .map(document -> sameHost(host, document))
        .map(document -> NodeInfo.parse(document.json(), FetchTarget.withoutSecrets(document.finalUrl())));
  }

  /** The fetcher follows redirects (vetted, at most three): the document must still come from {@code host}. */
  private static FetchedDocument sameHost(String host, FetchedDocument document) {
    if (!host.equals(authority(document.finalUrl()))) {
      throw new NodeInfoException(NodeInfoException.Reason.OTHER_HOST,
          host + " redirects its NodeInfo to another host: " + FetchTarget.withoutSecrets(document.finalUrl()));
    }
    return document;
  }

  /**
   * host[:port], lower case, the scheme's default port left out: an https link on a server asked
   * over https, or a redirect from http to https on the same name, stays on the same host.
   */
  static String authority(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean defaultPort = port == -1 || (port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"));
    return defaultPort ? host : host + ":" + port;
  }
}
