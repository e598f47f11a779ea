package org.torg.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.torg.server.db.DatabaseUrl;

/**
 * Torg's configuration: loaded once at start by {@link ConfigLoader} and passed through
 * constructors. Every field is documented, with its default, in config/torg.yaml.
 */
public record TorgConfig(
    URI publicUrl, Http http, Database database, Path dataDir, Secrets secrets, Instance instance, Federation federation,
    Accounts accounts, Sessions sessions, Moderation moderation, Consultations consultations, Cluster cluster,
    Search search, Live live, Media media, Mail mail, Profiles profiles) {

  /** README "Profile and settings": how many fields a profile has at most. */
  public record Profiles(int maxFields) {}

  /**
   * Uploads and attachments (README "Media"): where files are kept, how large an upload or a
   * fetched remote attachment may be, how many a post carries, the pixel cap that stops
   * decompression bombs, the thumbnail's longer side, and when unattached uploads are swept.
   */
  public record Media(MediaStorageKind storage, int maxUploadBytes, int maxAttachments, long maxPixels, int thumbnailPixels,
      int remoteMaxBytes, Duration unattachedLifetime, Duration sweepEvery, S3 s3) {}

  /**
   * Email over SMTP (README "Email"): off when {@code host} is empty. {@code sendsPerMinute} caps
   * what leaves in a minute across every node; a failed send is tried {@code maxAttempts} times.
   */
  public record Mail(Optional<String> host, int port, MailSecurity security, String username, String password, String from,
      int sendsPerMinute, int maxAttempts, Duration firstRetry, Duration verificationLinkLifetime, Duration resetLinkLifetime) {

    public boolean enabled() {
      return host.isPresent();
    }

    @Override
    public String toString() {
      return "Mail[host=" + host + ", port=" + port + ", security=" + security + ", from=" + from + ", credentials=<hidden>]";
    }
  }

  public enum MailSecurity { NONE, STARTTLS, SSL }

  public enum MediaStorageKind { LOCAL, S3 }

  /** An S3-compatible bucket, addressed path-style at {@code endpoint}. */
  public record S3(Optional<URI> endpoint, String bucket, String region, String accessKey, String secretKey) {
    @Override
    public String toString() {
      return "S3[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + ", credentials=<hidden>]";
    }
  }

  /** Uploads under {@code dataDir/media} when {@link Media#storage()} is local. */
  public Path mediaDir() {
    return dataDir.resolve("media");
  }

  /**
   * Live streams (Server-Sent Events): at most {@code maxStreamsPerClient} open per client address
   * and {@code maxStreams} per node; events are kept {@code eventRetention} for clients that resume.
   */
  public record Live(int maxStreamsPerClient, int maxStreams, Duration eventRetention) {}


  /**
   * Several nodes on one database: {@code enabled} joins the Hazelcast cluster of {@code members}
   * (host:port, static TCP/IP, no multicast) from {@code host}:{@code port}; off, Torg runs alone
   * exactly as before. {@code jobTakeover} is how often a node that leads no run-once job tries to
   * take it over, so a dead leader's jobs move within that time.
   */
  public record Cluster(boolean enabled, java.util.List<String> members, String host, int port, Duration jobTakeover) {}

  /**
   * {@code pollCloseCheck}: how often ended polls are looked for (their final counts are then
   * sent); {@code licence}: the licence the open-data export states for the input it publishes.
   */
  public record Consultations(Duration pollCloseCheck, String licence) {}

  /**
   * Spam-wave limits and the moderation log. Inbound limits count verified activities per minute
   * (0: no limit); {@code maxMentionsPerPost} refuses posts with more Mention tags in Torg's
   * threads (0: no cap); {@code modlogShowsModerators} false shows "a moderator" instead of names.
   */
  public record Moderation(int inboundPerActorPerMinute, int inboundPerDomainPerMinute, int maxMentionsPerPost,
      boolean modlogShowsModerators) {}

  public record Instance(String name, String description) {}

  /** {@code defaultLanguage}: how posts that name no language are split into words and stemmed. */
  public record Search(SearchLanguage defaultLanguage) {}

  /** The languages PostgreSQL ships a stemmer for, by their tags, each with its text search configuration. */
  public enum SearchLanguage {
    SV("swedish"), NB("norwegian"), NN("norwegian"), DA("danish"), EN("english"), DE("german"), FI("finnish"),
    FR("french"), NL("dutch"), ES("spanish"), IT("italian"), PT("portuguese");

    private final String configuration;

    SearchLanguage(String configuration) {
      this.configuration = configuration;
    }

    public String configuration() {
      return configuration;
    }
  }

  /**
   * {@code allowPrivateAddresses}: for test federations on one machine; never in production.
   * {@code signWithWrongKey}: for the interop suite's self-test only; deliveries get signatures
   * no receiver can verify. {@code authorizedFetch}: ActivityPub GETs need a valid signature
   * (Mastodon's AUTHORIZED_FETCH), but for the instance actor, actors' keys, WebFinger and NodeInfo.
   */
  /**
   * {@code signatureClockSkew}: the margin of the incoming signatures' time window (Mastodon's
   * {@code CLOCK_SKEW_MARGIN}), see {@code SignatureWindow}.
   */
  public record Federation(boolean allowPrivateAddresses, boolean signWithWrongKey, Duration signatureClockSkew,
      boolean authorizedFetch, Outgoing outgoing) {}

  /**
   * Time limits on what Torg asks of other servers, so a peer that never answers, trickles its
   * answer or sends gigabytes costs at most this long: {@code connect} to get a connection,
   * {@code delivery} for one whole delivery (both signature knocks, answer included),
   * {@code fetchRead} the longest silence in a fetch, {@code fetch} one whole fetch of a
   * document (redirects and body included), however steadily bytes trickle in.
   */
  public record Outgoing(Duration connect, Duration delivery, Duration fetchRead, Duration fetch) {}

  /**
   * {@code behindProxy}: take the client's address and scheme from X-Forwarded-* headers.
   * {@code idleTimeout}: a connection that sends and receives nothing this long is closed;
   * {@code headerTimeout}: a new connection's first request head must be complete within it (a
   * kept-alive connection's next one within {@code idleTimeout} of the previous answer), against
   * clients that trickle their headers; {@code maxConnectionsPerAddress}: open connections one
   * client address may hold (0: no limit; not applied behind a proxy, whose address all share);
   * {@code maxHeaderSize} and {@code maxInitialLineLength}: larger request heads get 431 / 414.
   */
  public record Http(String host, int port, int bodyLimit, Duration shutdownGrace, boolean behindProxy,
      Duration idleTimeout, Duration headerTimeout, int maxConnectionsPerAddress, int maxHeaderSize,
      int maxInitialLineLength) {}

  public enum Registration { OPEN, APPROVAL, CLOSED }

  /** Argon2id cost: memory in KiB, passes over it, lanes. */
  public record PasswordHashCost(int memoryKib, int iterations, int parallelism) {}

  /** {@code requireTwoFactorForStaff}: moderators and admins act as citizens until they turn two-factor sign-in on. */
  public record Accounts(Registration registration, PasswordHashCost passwordHash, boolean requireTwoFactorForStaff) {}

  /**
   * {@code signingKeyLifetime}: how long one key signs access tokens before a new one takes
   * over; the old one verifies for one more access-token lifetime.
   */
  public record Sessions(Duration accessTokenLifetime, Duration refreshTokenLifetime, Duration signingKeyLifetime) {}

  /** {@code url} empty means: start the embedded PostgreSQL. */
  public record Database(
      Optional<DatabaseUrl> url, String schema, int poolSize, Duration connectTimeout) {}

  /** {@code keyset} empty means: {@code dataDir/secrets-keyset.json}, generated when absent. */
  public record Secrets(Optional<Path> keyset) {}

  /** The host (and port, when not the scheme's default) ids are minted with, e.g. for WebFinger. */
  public String publicAuthority() {
    return publicUrl.getPort() == -1 ? publicUrl.getHost() : publicUrl.getHost() + ":" + publicUrl.getPort();
  }

  /** An absolute URL on this instance for a path starting with "/". */
  public String url(String path) {
    return publicUrl + path;
  }

  /** Cookies get the Secure flag only where browsers reach Torg over https. */
  public boolean httpsPublicUrl() {
    return "https".equals(publicUrl.getScheme());
  }

  public Path embeddedDatabaseDir() {
    return dataDir.resolve("postgres");
  }

  public Path secretsKeysetPath() {
    return secrets.keyset().orElse(dataDir.resolve("secrets-keyset.json"));
  }
}
