package org.torg.server.app;

import java.util.Locale;

/** A configuration key: its dotted path in torg.yaml and the environment variable that overrides it. */
record ConfigKey(String path) {

  /** http.port -> TORG_HTTP_PORT; public_url -> TORG_PUBLIC_URL. */
  String envName() {
    return "TORG_" + path.replace('.', '_').toUpperCase(Locale.ROOT);
  }
}
