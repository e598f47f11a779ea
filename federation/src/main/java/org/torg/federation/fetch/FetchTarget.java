package org.torg.federation.fetch;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * One request's destination: an absolute http(s) URL without fragment (a fragment is never
 * sent; a key id {@code …/actor#main-key} fetches {@code …/actor}), split into what a
 * connection needs. Document fetches and inbox deliveries share it, so both refuse the same
 * schemes and connect the same way.
 *
 * @param url what is requested, with an empty path written {@code /}
 * @param tls true for https
 * @param host the host name or address literal as written in the URL (IPv6 in brackets)
 * @param port the port, the scheme's default when the URL has none
 */
public record FetchTarget(URI url, boolean tls, String host, int port) {

  /**
   * @param plainHttpAllowed whether {@code http:} is acceptable (test federations only)
   * @throws FetchException SCHEME_NOT_ALLOWED or UNRESOLVABLE_HOST (no host in the URL)
   */
  public static FetchTarget of(URI uri, boolean plainHttpAllowed) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls = scheme.equals("https");
    if (!tls && !(scheme.equals("http") && plainHttpAllowed)) {
      throw new FetchException(FetchException.Reason.SCHEME_NOT_ALLOWED,
          "refusing to fetch a " + (scheme.isEmpty() ? "relative" : scheme + ":") + " URL: "
              + withoutSecrets(uri));
    }
    // URI leaves getHost() null for names it cannot parse as a server (an underscore, say).
    if (uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new FetchException(FetchException.Reason.UNRESOLVABLE_HOST,
          "no usable host in " + withoutSecrets(uri));
    }
    int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    // User info is dropped: it is never sent, and no ActivityPub id carries one.
    String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    URI requested = URI.create(scheme + "://" + authority + path + query);
    return new FetchTarget(requested, tls, uri.getHost(), port);
  }

  /** The name to resolve, to verify the certificate against and to send in TLS SNI. */
  public String hostName() {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  /** The {@code Host} header, which the signer signs: the port only when not the default. */
  public String hostHeader() {
    return port == (tls ? 443 : 80) ? host : host + ":" + port;
  }

  /** The request line's target: path and query. */
  public String requestUri() {
    return url.getRawQuery() == null ? url.getRawPath() : url.getRawPath() + "?" + url.getRawQuery();
  }

  /**
   * A request that connects to the vetted {@code address} itself, while the Host header, TLS SNI
   * and certificate verification use the host name: DNS cannot change between check and connect,
   * and name-based virtual hosting and HTTPS work as usual. Redirects are never followed here.
   */
  public RequestOptions requestTo(InetAddress address, HttpMethod method, Duration connectTimeout, Duration idleTimeout) {
    return new RequestOptions()
        .setMethod(method)
        .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
        .setHost(hostName())
        .setPort(port)
        .setSsl(tls)
        .setURI(requestUri())
        .setFollowRedirects(false)
        .setConnectTimeout(connectTimeout.toMillis())
        .setIdleTimeout(idleTimeout.toMillis());
  }

  /** For messages and logs: no user info, no query (either may carry a token). */
  public String forMessages() {
    return withoutSecrets(url);
  }

  public static String withoutSecrets(URI uri) {
    if (uri.getHost() == null) {
      return uri.getScheme() == null ? "(relative URL)" : uri.getScheme() + ":…";
    }
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getHost() + port + path;
  }
}
