package org.torg.server.convert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.torg.federation.proof.IntegrityProofs;
import org.torg.federation.vocab.Timestamps;

/**
 * A branch Group's signed word that an actor is its member (FEDERATION.md, "Members-only votes"):
 * {@code {type: Membership, id, actor: <Group>, object: <person>, published, expires}} with a
 * FEP-8b32 {@code eddsa-jcs-2022} proof by the Group's assertion key. Its {@code id} is the URL
 * it is served at, so any server can fetch it again from the branch.
 */
public final class MembershipStatement {

  public static final String TYPE = "Membership";
  /** The largest statement a vote may carry or a branch may answer with. */
  public static final int MAX_CHARS = 4096;

  private MembershipStatement() {}

  /** Where the Group serves its statement about {@code personUri}; the statement's id. */
  public static String url(String groupUri, String personUri) {
    return groupUri + "/members/statement?actor=" + URLEncoder.encode(personUri, StandardCharsets.UTF_8);
  }

  /** The statement as the Group signs it, valid from {@code published} until {@code expires}. */
  public static JsonObject unsigned(String groupUri, String personUri, Instant published, Instant expires) {
    return new JsonObject()
        .put("@context", new JsonArray().add(org.torg.federation.vocab.ActivityStreams.NS).add(IntegrityProofs.CONTEXT)
            .add(TorgTerms.context()))
        .put("id", url(groupUri, personUri))
        .put("type", TYPE)
        .put("actor", groupUri)
        .put("object", personUri)
        .put("published", time(published))
        .put("expires", time(expires));
  }

  /** Signed by the Group's Ed25519 key: CPU work, for a worker thread. */
  public static JsonObject sign(JsonObject unsigned, String keyId, PrivateKey key, Instant now) {
    return IntegrityProofs.sign(unsigned, keyId, key, now);
  }

  /**
   * What is wrong with a statement apart from its proof and the hub's branch set: null when it
   * says that its {@code actor} vouches for {@code voterUri} at {@code now}. The reason codes
   * are those a refused vote is stored with.
   */
  public static Optional<String> problem(JsonObject statement, String voterUri, Instant now) {
    if (!TYPE.equals(statement.getValue("type")) && !("torg:" + TYPE).equals(statement.getValue("type"))
        || !(statement.getValue("actor") instanceof String) || !(statement.getValue("object") instanceof String)
        || !(statement.getValue("id") instanceof String) || statement.getValue("proof") == null) {
      return Optional.of("statement_invalid");
    }
    if (!voterUri.equals(statement.getString("object"))) {
      return Optional.of("statement_for_another_actor");
    }
    Instant expires = instant(statement.getValue("expires"));
    Instant published = instant(statement.getValue("published"));
    if (expires == null || published == null) {
      return Optional.of("statement_invalid");
    }
    if (!now.isBefore(expires)) {
      return Optional.of("statement_expired");
    }
    return Optional.empty();
  }

  private static Instant instant(Object value) {
    return Timestamps.parse(value);
  }

  private static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
