package org.torg.federation.fetch;

import java.net.URI;
import java.util.Map;

/**
 * Signs an outgoing GET. The fetcher calls it for every request it sends, redirect hops
 * included, just before sending: Mastodon refuses a {@code Date} more than about an hour old,
 * and authorized-fetch servers (Mastodon secure mode, GoToSocial) answer 401 to unsigned GETs.
 */
@FunctionalInterface
public interface RequestSigner {

  /** Sends the headers as they are. */
  RequestSigner UNSIGNED = (method, uri, headers) -> headers;

  /**
   * @param method the HTTP method, upper case ({@code GET})
   * @param uri the URL requested: absolute, without fragment
   * @param headers what the fetcher means to send, {@code Host}, {@code Accept} and
   *     {@code User-Agent} included, in a map the signer may modify
   * @return every header to send (the fetcher sends exactly these), typically {@code headers}
   *     plus {@code Date} and {@code Signature}
   */
  Map<String, String> sign(String method, URI uri, Map<String, String> headers);
}
