package org.torg.server.app;

/** Start-up cannot go on; the message is the one line printed before exiting. */
public final class StartupException extends Exception {

  public StartupException(String message) {
    super(message);
  }
}
