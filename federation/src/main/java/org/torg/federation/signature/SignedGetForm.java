package org.torg.federation.signature;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The ways a GET can be signed, in the order Torg knocks with them: verifiers disagree on the
 * format and, for draft-cavage, on whether {@code (request-target)} carries the query.
 */
public enum SignedGetForm {
  /** RFC 9421, the query in {@code @target-uri}: Mastodon 4.5, Fedify (which tries it first). */
  RFC9421(SignatureFormat.RFC9421, CavageSigningString.RequestTargetForm.PATH_AND_QUERY),
  /** draft-cavage, {@code (request-target)} with the query: the draft, Mastodon 4.3 and 4.4. */
  CAVAGE(SignatureFormat.DRAFT_CAVAGE, CavageSigningString.RequestTargetForm.PATH_AND_QUERY),
  /**
   * draft-cavage, {@code (request-target)} the path alone: what Fedify's cavage verifier rebuilds,
   * and Mastodon 4.2 and Misskey (mastodon#31994, misskey#17734). Differs from {@link #CAVAGE}
   * only for a URL with a query.
   */
  CAVAGE_PATH_ONLY(SignatureFormat.DRAFT_CAVAGE, CavageSigningString.RequestTargetForm.PATH_ONLY);

  private final SignatureFormat format;
  private final CavageSigningString.RequestTargetForm requestTarget;

  SignedGetForm(SignatureFormat format, CavageSigningString.RequestTargetForm requestTarget) {
    this.format = format;
    this.requestTarget = requestTarget;
  }

  public SignatureFormat format() {
    return format;
  }

  CavageSigningString.RequestTargetForm requestTarget() {
    return requestTarget;
  }

  /**
   * The forms to knock with for {@code uri}, {@code first} first (when it applies), then the
   * others in their usual order; the path-only form only when the URL has a query.
   */
  public static List<SignedGetForm> knocks(URI uri, SignedGetForm first) {
    List<SignedGetForm> forms = new ArrayList<>();
    for (SignedGetForm form : values()) {
      if (form != CAVAGE_PATH_ONLY || uri.getRawQuery() != null) {
        forms.add(form);
      }
    }
    if (first != null && forms.remove(first)) {
      forms.add(0, first);
    }
    return List.copyOf(forms);
  }
}
