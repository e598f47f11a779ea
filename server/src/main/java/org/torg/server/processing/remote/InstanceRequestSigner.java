package org.torg.server.processing.remote;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.torg.federation.fetch.RequestSigner;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.SignatureFormat;
import org.torg.server.processing.LocalKeys;

/**
 * Signs the GETs Torg makes on its own behalf with the instance actor's key (FEP-2677), so
 * servers in authorized-fetch mode answer them. draft-cavage: what every peer verifies.
 */
public final class InstanceRequestSigner implements RequestSigner {

  private final String keyId;
  private final LocalKeys keys;

  public InstanceRequestSigner(String keyId, LocalKeys keys) {
    this.keyId = keyId;
    this.keys = keys;
  }

  /** Called on a worker thread by the fetcher; the instance key was loaded at start-up. */
  @Override
  public Map<String, String> sign(String method, URI uri, Map<String, String> headers) {
    return HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, method, uri, headers, null, keyId,
        keys.cached(LocalKeys.INSTANCE).privateKey(), Instant.now());
  }
}
