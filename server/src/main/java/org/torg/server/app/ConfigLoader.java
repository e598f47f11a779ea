package org.torg.server.app;

import org.torg.server.config.TorgConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.torg.server.db.DatabaseUrl;

/**
 * Builds the {@link TorgConfig}: the defaults bundled from config/torg.yaml, then an optional
 * configuration file, then environment variables. The bundled file defines which keys exist.
 */
public final class ConfigLoader {

  static final String BUNDLED_DEFAULTS = "/config/torg.yaml";
  private static final Pattern SQL_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigLoader() {}

  /**
   * @param file a YAML file whose keys override the defaults, or empty
   * @param env the environment (System.getenv() in production; a map in tests)
   */
  public static TorgConfig load(Optional<Path> file, Map<String, String> env) throws ConfigException {
    Map<String, String> values = bundledDefaults();
    if (file.isPresent()) {
      for (Map.Entry<String, String> e : readFile(file.get()).entrySet()) {
        if (!values.containsKey(e.getKey())) {
          throw new ConfigException("invalid configuration: unknown key " + e.getKey() + " in " + file.get());
        }
        values.put(e.getKey(), e.getValue());
      }
    }
    for (String path : values.keySet()) {
      String fromEnv = env.get(new ConfigKey(path).envName());
      if (fromEnv != null) {
        values.put(path, fromEnv);
      }
    }
    return build(new Values(values));
  }

  private static TorgConfig build(Values v) throws ConfigException {
    URI publicUrl = publicUrl(v, "public_url");
    var http = new TorgConfig.Http(
        v.text("http.host"),
        v.integer("http.port", 0, 65535),
        v.integer("http.body_limit", 1024, Integer.MAX_VALUE),
        Duration.ofSeconds(v.integer("http.shutdown_grace_seconds", 0, 3600)),
        v.bool("http.behind_proxy"),
        Duration.ofSeconds(v.integer("http.idle_timeout_seconds", 1, 3600)),
        Duration.ofSeconds(v.integer("http.header_timeout_seconds", 1, 600)),
        v.integer("http.max_connections_per_address", 0, 1_000_000),
        v.integer("http.max_header_size", 1024, 1024 * 1024),
        v.integer("http.max_initial_line_length", 256, 64 * 1024));
    var database = new TorgConfig.Database(
        databaseUrl(v, "database.url"),
        sqlIdentifier(v, "database.schema"),
        v.integer("database.pool_size", 1, 100),
        Duration.ofSeconds(v.integer("database.connect_timeout_seconds", 1, 300)));
    Path dataDir = Path.of(v.text("data_dir")).toAbsolutePath().normalize();
    String keyset = v.raw("secrets.keyset").trim();
    var secrets = new TorgConfig.Secrets(
        keyset.isEmpty() ? Optional.empty() : Optional.of(Path.of(keyset).toAbsolutePath().normalize()));
    var instance = new TorgConfig.Instance(v.text("instance.name"), v.raw("instance.description").trim());
    var federation = new TorgConfig.Federation(v.bool("federation.allow_private_addresses"),
        v.bool("federation.testing.sign_with_wrong_key"),
        Duration.ofSeconds(v.integer("federation.signature_clock_skew_seconds", 0, 86_400)),
        v.bool("federation.authorized_fetch"),
        new TorgConfig.Outgoing(
            Duration.ofSeconds(v.integer("federation.connect_timeout_seconds", 1, 60)),
            Duration.ofSeconds(v.integer("federation.delivery_timeout_seconds", 1, 300)),
            Duration.ofSeconds(v.integer("federation.fetch_read_timeout_seconds", 1, 300)),
            Duration.ofSeconds(v.integer("federation.fetch_timeout_seconds", 1, 600))));
    var accounts = new TorgConfig.Accounts(
        v.oneOf("accounts.registration", TorgConfig.Registration.class),
        new TorgConfig.PasswordHashCost(
            v.integer("accounts.password_hash.memory_kib", 8, 4 * 1024 * 1024),
            v.integer("accounts.password_hash.iterations", 1, 100),
            v.integer("accounts.password_hash.parallelism", 1, 64)),
        v.bool("accounts.require_2fa_for_staff"));
    var sessions = new TorgConfig.Sessions(
        Duration.ofMinutes(v.integer("sessions.access_token_minutes", 1, 24 * 60)),
        Duration.ofDays(v.integer("sessions.refresh_token_days", 1, 3650)),
        Duration.ofHours(v.integer("sessions.signing_key_hours", 1, 24 * 365)));
    var moderation = new TorgConfig.Moderation(
        v.integer("moderation.inbound_per_actor_per_minute", 0, 1_000_000),
        v.integer("moderation.inbound_per_domain_per_minute", 0, 10_000_000),
        v.integer("moderation.max_mentions_per_post", 0, 1000),
        v.bool("moderation.modlog_shows_moderators"));
    var consultations = new TorgConfig.Consultations(
        Duration.ofMillis(v.integer("consultations.poll_close_check_millis", 100, 3_600_000)),
        v.text("consultations.licence"));
    var cluster = new TorgConfig.Cluster(
        v.bool("cluster.enabled"),
        members(v, "cluster.members"),
        v.text("cluster.host"),
        v.integer("cluster.port", 1, 65535),
        Duration.ofMillis(v.integer("cluster.job_takeover_millis", 100, 600_000)));
    if (cluster.enabled() && cluster.members().isEmpty()) {
      throw ConfigException.invalid(new ConfigKey("cluster.members"), "",
          "must list at least one member (host:port) when cluster.enabled is true");
    }
    var search = new TorgConfig.Search(v.oneOf("search.default_language", TorgConfig.SearchLanguage.class));
    var live = new TorgConfig.Live(
        v.integer("live.max_streams_per_client", 1, 10_000),
        v.integer("live.max_streams", 1, 1_000_000),
        Duration.ofHours(v.integer("live.event_retention_hours", 1, 24 * 30)));
    return new TorgConfig(publicUrl, http, database, dataDir, secrets, instance, federation, accounts, sessions, moderation,
        consultations, cluster, search, live, media(v), mail(v),
        new TorgConfig.Profiles(v.integer("profiles.max_fields", 0, 16)));
  }

  private static TorgConfig.Mail mail(Values v) throws ConfigException {
    String host = v.raw("mail.host").trim();
    String from = v.raw("mail.from").trim();
    if (!host.isEmpty() && !from.matches("[^@\\s<>]+@[^@\\s<>]+")) {
      throw ConfigException.invalid(new ConfigKey("mail.from"), from, "expected an email address when mail.host is set");
    }
    return new TorgConfig.Mail(host.isEmpty() ? Optional.empty() : Optional.of(host),
        v.integer("mail.port", 1, 65535),
        v.oneOf("mail.security", TorgConfig.MailSecurity.class),
        v.raw("mail.username").trim(),
        v.raw("mail.password"),
        from,
        v.integer("mail.sends_per_minute", 1, 100_000),
        v.integer("mail.max_attempts", 1, 50),
        Duration.ofSeconds(v.integer("mail.retry_first_seconds", 1, 3600)),
        Duration.ofHours(v.integer("mail.verification_link_hours", 1, 720)),
        Duration.ofMinutes(v.integer("mail.reset_link_minutes", 5, 1440)));
  }

  private static TorgConfig.Media media(Values v) throws ConfigException {
    String endpoint = v.raw("media.s3.endpoint").trim();
    Optional<URI> endpointUri = Optional.empty();
    if (!endpoint.isEmpty()) {
      try {
        URI uri = new URI(endpoint);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
          throw ConfigException.invalid(new ConfigKey("media.s3.endpoint"), endpoint, "expected an http(s) URL");
        }
        endpointUri = Optional.of(uri);
      } catch (URISyntaxException e) {
        throw ConfigException.invalid(new ConfigKey("media.s3.endpoint"), endpoint, "expected an http(s) URL");
      }
    }
    var s3 = new TorgConfig.S3(endpointUri, v.raw("media.s3.bucket").trim(), v.text("media.s3.region"),
        v.raw("media.s3.access_key").trim(), v.raw("media.s3.secret_key").trim());
    var media = new TorgConfig.Media(
        v.oneOf("media.storage", TorgConfig.MediaStorageKind.class),
        v.integer("media.max_upload_bytes", 1024, 256 * 1024 * 1024),
        v.integer("media.max_attachments", 0, 20),
        v.integer("media.max_pixels", 1, 400_000_000),
        v.integer("media.thumbnail_pixels", 16, 2000),
        v.integer("media.remote_max_bytes", 1024, 256 * 1024 * 1024),
        Duration.ofHours(v.integer("media.unattached_hours", 1, 24 * 365)),
        Duration.ofSeconds(v.integer("media.sweep_seconds", 1, 86_400)),
        s3);
    if (media.storage() == TorgConfig.MediaStorageKind.S3 && (s3.endpoint().isEmpty() || s3.bucket().isEmpty())) {
      throw ConfigException.invalid(new ConfigKey("media.storage"), "s3",
          "needs media.s3.endpoint and media.s3.bucket");
    }
    return media;
  }

  private static URI publicUrl(Values v, String path) throws ConfigException {
    String raw = v.text(path);
    String expected = "expected an http(s) origin such as https://torg.example (no path, query or user)";
    try {
      URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean ok = (scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
          && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
      if (!ok) {
        throw ConfigException.invalid(new ConfigKey(path), raw, expected);
      }
      int port = uri.getPort();
      boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      return new URI(scheme + "://" + host + (port == -1 || defaultPort ? "" : ":" + port));
    } catch (URISyntaxException e) {
      throw ConfigException.invalid(new ConfigKey(path), raw, expected);
    }
  }

  private static Optional<DatabaseUrl> databaseUrl(Values v, String path) throws ConfigException {
    String raw = v.raw(path).trim();
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(DatabaseUrl.parse(raw));
    } catch (IllegalArgumentException e) {
      // The value may hold a password: show only what precedes the user info.
      String shown = raw.contains("@") ? raw.substring(0, raw.indexOf("://") + 3) + "…@" + raw.substring(raw.lastIndexOf('@') + 1) : raw;
      throw ConfigException.invalid(new ConfigKey(path), shown, e.getMessage());
    }
  }

  /** host:port, comma-separated: the cluster's static member list. */
  private static java.util.List<String> members(Values v, String path) throws ConfigException {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String part : v.raw(path).split(",")) {
      String member = part.trim();
      if (member.isEmpty()) {
        continue;
      }
      int colon = member.lastIndexOf(':');
      boolean ok = colon > 0 && colon < member.length() - 1;
      if (ok) {
        try {
          int port = Integer.parseInt(member.substring(colon + 1));
          ok = port >= 1 && port <= 65535;
        } catch (NumberFormatException e) {
          ok = false;
        }
      }
      if (!ok) {
        throw ConfigException.invalid(new ConfigKey(path), v.raw(path),
            "expected host:port entries separated by commas, e.g. 10.0.0.1:5701,10.0.0.2:5701");
      }
      out.add(member);
    }
    return java.util.List.copyOf(out);
  }

  private static String sqlIdentifier(Values v, String path) throws ConfigException {
    String raw = v.text(path);
    if (!SQL_IDENTIFIER.matcher(raw).matches()) {
      throw ConfigException.invalid(new ConfigKey(path), raw,
          "expected a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters)");
    }
    return raw;
  }

  private static Map<String, String> bundledDefaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(BUNDLED_DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + BUNDLED_DEFAULTS);
      }
      return flatten(YAML.readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException("the bundled " + BUNDLED_DEFAULTS + " does not parse", e);
    }
  }

  private static Map<String, String> readFile(Path file) throws ConfigException {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("invalid configuration: file " + file + " does not exist");
    }
    try {
      return flatten(YAML.readTree(file.toFile()));
    } catch (IOException e) {
      throw new ConfigException("invalid configuration: " + file + " is not valid YAML: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static Map<String, String> flatten(JsonNode root) {
    Map<String, String> out = new LinkedHashMap<>();
    if (root != null && root.isObject()) {
      flatten("", root, out);
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
    } else {
      out.put(prefix, node.isNull() ? "" : node.asText());
    }
  }

  /** Raw string values by key path, with typed readers that fail naming key and value. */
  private record Values(Map<String, String> map) {

    String raw(String path) {
      return map.get(path);
    }

    String text(String path) throws ConfigException {
      String value = map.get(path).trim();
      if (value.isEmpty()) {
        throw ConfigException.invalid(new ConfigKey(path), value, "must not be empty");
      }
      return value;
    }

    boolean bool(String path) throws ConfigException {
      String value = map.get(path).trim().toLowerCase(Locale.ROOT);
      if (value.equals("true") || value.equals("false")) {
        return Boolean.parseBoolean(value);
      }
      throw ConfigException.invalid(new ConfigKey(path), map.get(path), "expected true or false");
    }

    /** One of an enum's constants, written in lower case. */
    <E extends Enum<E>> E oneOf(String path, Class<E> type) throws ConfigException {
      String value = map.get(path).trim();
      for (E constant : type.getEnumConstants()) {
        if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
          return constant;
        }
      }
      StringBuilder names = new StringBuilder();
      for (E constant : type.getEnumConstants()) {
        names.append(names.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
      }
      throw ConfigException.invalid(new ConfigKey(path), value, "expected one of " + names);
    }

    int integer(String path, int min, int max) throws ConfigException {
      String value = map.get(path).trim();
      try {
        int n = Integer.parseInt(value);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // falls through to the error naming the accepted range
      }
      throw ConfigException.invalid(new ConfigKey(path), value,
          "expected a whole number from " + min + " to " + max);
    }
  }
}
