package org.torg.server.processing.remote;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.torg.federation.fetch.RequestSigner;
import org.torg.federation.signature.HttpSigner;
import org.torg.federation.signature.SignatureFormat;
import org.torg.federation.signature.SignedGetForm;
import org.torg.server.processing.LocalKeys;

/**
 * Signs the GETs Torg makes on its own behalf with the instance actor's key (FEP-2677), so
 * servers in authorized-fetch mode answer them, in every {@link SignedGetForm}: the fetcher
 * knocks with RFC 9421 first, then draft-cavage with and without the query.
 */
public final class InstanceRequestSigner implements RequestSigner {

  private final String keyId;
  private final LocalKeys keys;

  public InstanceRequestSigner(String keyId, LocalKeys keys) {
    this.keyId = keyId;
    this.keys = keys;
  }

  /** draft-cavage: what every peer verifies, for a caller that does not knock. */
  @Override
  public Map<String, String> sign(String method, URI uri, Map<String, String> headers) {
    return HttpSigner.sign(SignatureFormat.DRAFT_CAVAGE, method, uri, headers, null, keyId,
        keys.cached(LocalKeys.INSTANCE).privateKey(), Instant.now());
  }

  @Override
  public List<SignedGetForm> forms() {
    return List.of(SignedGetForm.values());
  }

  /** Called on a worker thread by the fetcher; the instance key was loaded at start-up. */
  @Override
  public Map<String, String> sign(String method, URI uri, Map<String, String> headers, SignedGetForm form) {
    return HttpSigner.signGet(form, uri, headers, keyId, keys.cached(LocalKeys.INSTANCE).privateKey(), Instant.now());
  }
}
