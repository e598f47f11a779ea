package org.torg.federation.vocab;

/**
 * Why a document a peer sent cannot be read as the object Torg expected (not a post, no usable
 * id, over a size limit). The message is safe to record and to show a moderator; there is no
 * cause and no stack trace, because a peer's bad document is an outcome, not a bug here.
 */
public final class InvalidObjectException extends Exception {

  public InvalidObjectException(String message) {
    super(message, null, false, false);
  }
}
