package org.torg.server.processing.mail;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.torg.server.db.EmailTokenRepository;
import org.torg.server.processing.accounts.OpaqueTokens;

/** The links emails carry: a fresh 256-bit token per link, of which only the hash is stored. */
public final class EmailLinks {

  public static final String VERIFY = "verify";
  public static final String RESET = "reset";
  public static final String UNSUBSCRIBE = "unsubscribe";

  private final EmailTokenRepository tokens;
  private final Clock clock;
  private final String publicUrl;

  public EmailLinks(EmailTokenRepository tokens, Clock clock, String publicUrl) {
    this.tokens = tokens;
    this.clock = clock;
    this.publicUrl = publicUrl;
  }

  /** A new link to {@code path}?token=…, in the caller's transaction; {@code lifetime} null: no expiry. */
  Future<String> create(SqlClient client, long accountId, String purpose, String email, Duration lifetime, String path) {
    String token = OpaqueTokens.generate();
    var now = clock.instant();
    return tokens.insert(client, OpaqueTokens.hash(token), accountId, purpose, email, now, lifetime == null ? null : now.plus(lifetime))
        .map(v -> publicUrl + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
  }

  EmailTokenRepository tokens() {
    return tokens;
  }

  Clock clock() {
    return clock;
  }
}
