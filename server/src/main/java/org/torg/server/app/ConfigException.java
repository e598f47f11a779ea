package org.torg.server.app;

/** A configuration value that cannot be used; its message is the one line printed at start-up. */
public final class ConfigException extends Exception {

  public ConfigException(String message) {
    super(message);
  }

  /** Names the key (its YAML path and environment variable) and the offending value. */
  static ConfigException invalid(ConfigKey key, String value, String expected) {
    return new ConfigException(
        "invalid configuration: " + key.path() + " (" + key.envName() + ") = \"" + value
            + "\": " + expected);
  }
}
