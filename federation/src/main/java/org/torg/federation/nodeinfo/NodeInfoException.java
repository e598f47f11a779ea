package org.torg.federation.nodeinfo;

/**
 * A server answered, but not with a usable NodeInfo. Transport failures, refusals of the SSRF
 * guard, oversize and non-JSON bodies come as the fetcher's {@code FetchException} instead. An
 * ordinary outcome of asking strangers, so no stack trace.
 */
public final class NodeInfoException extends RuntimeException {

  public enum Reason {
    /** The {@code .well-known/nodeinfo} JRD has no link with a NodeInfo schema rel and an href. */
    NO_NODEINFO_LINK,
    /** A link, or a redirect, leads to another host than the one asked about. */
    OTHER_HOST,
    /** The NodeInfo document has no {@code software.name}, or an unusable one. */
    INVALID_DOCUMENT
  }

  private final Reason reason;

  public NodeInfoException(Reason reason, String message) {
    super(message, null, true, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
