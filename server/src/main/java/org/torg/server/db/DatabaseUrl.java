package org.torg.server.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where PostgreSQL is: parsed once from {@code postgresql://user:password@host:port/database}
 * and turned into the two shapes its clients want (Vert.x PG options and a JDBC URL for
 * Flyway). The password never appears in {@link #toString()}.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  /** Parses a URL; the exception's message says what is wrong, never echoing the password. */
  public static DatabaseUrl parse(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme();
    if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
      throw new IllegalArgumentException("expected postgresql://user:password@host:port/database");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("the host is missing");
    }
    String path = Optional.ofNullable(uri.getRawPath()).orElse("");
    String database = decode(path.startsWith("/") ? path.substring(1) : path);
    if (database.isBlank() || database.contains("/")) {
      throw new IllegalArgumentException("the database name is missing");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("query parameters and fragments are not supported");
    }
    String user = "postgres";
    String password = "";
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }
    int port = uri.getPort() == -1 ? 5432 : uri.getPort();
    return new DatabaseUrl(uri.getHost(), port, database, user, password);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + hostForUrl() + ":" + port + "/" + database;
  }

  /** The URL without its password, for logs and error messages. */
  public String redacted() {
    return "postgresql://" + user + "@" + hostForUrl() + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return redacted();
  }

  private String hostForUrl() {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
