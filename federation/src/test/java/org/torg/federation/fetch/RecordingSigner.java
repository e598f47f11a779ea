package org.torg.federation.fetch;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for the HTTP-signature signer: adds a header naming what it signed. */
final class RecordingSigner implements RequestSigner {

  static final String HEADER = "X-Test-Signature";

  final List<URI> signed = new CopyOnWriteArrayList<>();

  @Override
  public Map<String, String> sign(String method, URI uri, Map<String, String> headers) {
    signed.add(uri);
    headers.put(HEADER, method + " " + uri + " host=" + headers.get("Host"));
    return headers;
  }
}
