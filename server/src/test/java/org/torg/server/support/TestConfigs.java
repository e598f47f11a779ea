package org.torg.server.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.torg.server.app.ConfigException;
import org.torg.server.app.ConfigLoader;
import org.torg.server.config.TorgConfig;
import org.torg.server.db.DatabaseUrl;

/** Production configuration loading, fed the environment a test would set. */
public final class TestConfigs {

  private TestConfigs() {}

  /** A config on the given database schema, a free HTTP port and its own data dir. */
  public static TorgConfig forSchema(String schema, Path dataDir, Map<String, String> extraEnv) {
    DatabaseUrl db = TestDatabase.url();
    Map<String, String> env = new HashMap<>();
    env.put("TORG_DATABASE_URL", "postgresql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port() + "/" + db.database());
    env.put("TORG_DATABASE_SCHEMA", schema);
    env.put("TORG_DATA_DIR", dataDir.toString());
    env.put("TORG_HTTP_PORT", "0");
    env.put("TORG_HTTP_SHUTDOWN_GRACE_SECONDS", "1");
    // Tests are about behaviour, not hash cost: a cheap Argon2id keeps hundreds of sign-ins fast.
    env.put("TORG_ACCOUNTS_PASSWORD_HASH_MEMORY_KIB", "64");
    env.put("TORG_ACCOUNTS_PASSWORD_HASH_ITERATIONS", "1");
    // Every test client connects from 127.0.0.1, many through a client of their own left to
    // time out: the per-address limit is for HostileClientsTest, which sets it, to check.
    env.put("TORG_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "0");
    env.putAll(extraEnv);
    try {
      return ConfigLoader.load(Optional.empty(), env);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
