package org.torg.server.processing.remote;

import java.util.Locale;
import java.util.Optional;

/** A handle as a person types it, {@code @name@host} or {@code name@host}: its two halves, lower case. */
public record Handle(String name, String host) {

  public static Optional<Handle> parse(String typed) {
    String q = typed == null ? "" : typed.strip();
    String handle = q.startsWith("@") ? q.substring(1) : q;
    int at = handle.lastIndexOf('@');
    if (at <= 0 || at == handle.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new Handle(handle.substring(0, at).toLowerCase(Locale.ROOT), handle.substring(at + 1).toLowerCase(Locale.ROOT)));
  }

  /** Whether it names this server, whose authority is {@code host[:port]} (a handle may leave the port out). */
  public boolean isOn(String localAuthority) {
    return host.equals(localAuthority) || host.equals(localAuthority.replaceFirst(":\\d+$", ""));
  }
}
