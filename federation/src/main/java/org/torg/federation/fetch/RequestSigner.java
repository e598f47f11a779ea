package org.torg.federation.fetch;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.torg.federation.signature.SignedGetForm;

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

  /**
   * The forms this signer can sign a GET in, for the fetcher's knocks: after a 401 or 403 it
   * tries the next one at once ("double knock", as Fedify does) and remembers per host the one
   * that was answered. Empty (the default): one form only, {@link #sign(String, URI, Map)}.
   */
  default List<SignedGetForm> forms() {
    return List.of();
  }

  /** Signs in {@code form}, one of {@link #forms()}; the default ignores the form. */
  default Map<String, String> sign(String method, URI uri, Map<String, String> headers, SignedGetForm form) {
    return sign(method, uri, headers);
  }
}
