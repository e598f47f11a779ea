package org.torg.server.processing.moderation;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.net.IDN;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.torg.server.db.DomainBlockRepository;
import org.torg.server.db.ModlogRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.DomainBlock;
import org.torg.server.model.ModAction;
import org.torg.server.model.ModlogEntry;
import org.torg.server.model.Principal;

/**
 * Blocks of whole servers, applied both ways. The blocks are held in memory (every inbound
 * activity and every delivery asks), reloaded after each change here and every
 * {@link #RELOAD_MILLIS} for changes made on another node. A block covers the domain's
 * subdomains too, as on Mastodon.
 */
public final class DomainBlocks {

  /** How stale another node's change may be here. */
  public static final long RELOAD_MILLIS = 30_000;
  /**
   * The event-bus address a change of blocks or suspensions is announced at; every node consumes it
   * and reloads, so a block made through node A holds at node B at once (clustered event bus).
   */
  public static final String CHANGED = "torg.moderation.changed";
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62}\\.)*[a-z0-9-]{1,63}(:[0-9]{1,5})?");
  private static final int MAX_REASON = 1000;

  private final Pool pool;
  private final DomainBlockRepository repository;
  private final ModlogRepository modlog;
  private volatile Map<String, DomainBlock> blocks = Map.of();
  private final Runnable changed;

  /**
   * @param changed told after a change here is committed and loaded: it announces the change on
   *     the (clustered) event bus at {@link #CHANGED}, so every node reloads at once
   */
  public DomainBlocks(Pool pool, DomainBlockRepository repository, ModlogRepository modlog, Runnable changed) {
    this.changed = changed;
    this.pool = pool;
    this.repository = repository;
    this.modlog = modlog;
  }

  public Future<Void> reload() {
    return repository.all().map(all -> {
      Map<String, DomainBlock> byDomain = new HashMap<>();
      all.forEach(b -> byDomain.put(b.domain(), b));
      blocks = Map.copyOf(byDomain);
      return null;
    });
  }

  /** The block that applies to a host (host[:port]): its own, or its nearest parent domain's. */
  public Optional<DomainBlock> of(String host) {
    if (host == null || host.isEmpty()) {
      return Optional.empty();
    }
    Map<String, DomainBlock> current = blocks;
    if (current.isEmpty()) {
      return Optional.empty();
    }
    String h = host.toLowerCase(Locale.ROOT);
    DomainBlock exact = current.get(h);
    if (exact != null) {
      return Optional.of(exact);
    }
    String name = h.replaceFirst(":\\d+$", "");
    for (String d = name; d.contains("."); d = d.substring(d.indexOf('.') + 1)) {
      DomainBlock b = current.get(d);
      if (b != null) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  public boolean suspended(String host) {
    return of(host).filter(b -> b.severity() == DomainBlock.Severity.SUSPEND).isPresent();
  }

  public boolean silenced(String host) {
    return of(host).filter(b -> b.severity() == DomainBlock.Severity.SILENCE).isPresent();
  }

  /** Flags from this server are ignored. */
  public boolean rejectsReports(String host) {
    return of(host).filter(DomainBlock::rejectReports).isPresent();
  }

  public Future<List<DomainBlock>> all() {
    return repository.all();
  }

  /**
   * Blocks a domain ({@code replace}: or changes its block; otherwise an existing block is 409). A suspension gives up pending deliveries there and
   * cuts every follow between its actors and this instance's.
   */
  public Future<DomainBlock> block(Principal by, DomainBlock requested, boolean replace) {
    DomainBlock block;
    try {
      block = validated(requested);
    } catch (HttpError e) {
      return Future.failedFuture(e);
    }
    return pool.withTransaction(tx -> repository.find(tx, block.domain()).compose(existing -> existing.isPresent() && !replace
            ? Future.failedFuture(new HttpError(409, "already_blocked", "That domain is blocked already: lift the block first."))
            : repository.upsert(tx, block, by.accountId()))
            .compose(v -> block.severity() != DomainBlock.Severity.SUSPEND ? Future.succeededFuture()
                : repository.cancelDeliveries(tx, block.domain())
                    .compose(n -> tx.preparedQuery("DELETE FROM follow f USING actor a WHERE (a.id = f.follower_id OR a.id = f.followee_id)"
                        + " AND NOT a.local AND (a.host = $1 OR a.host LIKE $2)")
                        .execute(io.vertx.sqlclient.Tuple.of(block.domain(), "%." + block.domain())).mapEmpty()))
            .compose(v -> modlog.record(tx, new ModlogEntry.New(ModAction.BLOCK_DOMAIN, publicName(block),
                block.severity().wire() + ": " + block.reason(), by.accountId(), null, null)))
            .compose(id -> repository.find(tx, block.domain()).map(Optional::orElseThrow)))
        .compose(saved -> reload().map(saved))
        .onSuccess(saved -> changed.run());
  }

  public Future<Void> unblock(Principal by, String rawDomain, String reason) {
    String domain = normalize(rawDomain);
    return pool.withTransaction(tx -> repository.find(tx, domain).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new HttpError(404, "not_found", "That domain is not blocked."));
      }
      return repository.delete(tx, domain).compose(v -> modlog.record(tx, new ModlogEntry.New(ModAction.UNBLOCK_DOMAIN,
          publicName(found.get()), reason == null || reason.isBlank() ? "block lifted" : reason, by.accountId(), null, null)));
    })).compose(v -> reload())
        .onSuccess(v -> changed.run());
  }

  /** Mastodon's obfuscation (DomainBlock#public_domain): the middle half of the name starred, dots kept. */
  static String publicName(DomainBlock block) {
    if (!block.obfuscate()) {
      return block.domain();
    }
    String d = block.domain();
    int visible = d.length() / 4;
    StringBuilder out = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      out.append(i > visible && i < d.length() - visible && c != '.' ? '*' : c);
    }
    return out.toString();
  }

  static DomainBlock validated(DomainBlock b) {
    String reason = b.reason() == null ? "" : b.reason().strip();
    if (reason.length() > MAX_REASON) {
      throw new HttpError(422, "invalid_reason", "A reason has at most " + MAX_REASON + " characters.");
    }
    return new DomainBlock(normalize(b.domain()), b.severity(), b.rejectMedia(), b.rejectReports(), reason, b.obfuscate(),
        b.createdAt());
  }

  /** A domain as Torg stores hosts: lower case, punycode, no scheme or path. */
  static String normalize(String raw) {
    String d = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    try {
      String port = d.matches(".*:\\d+$") ? d.substring(d.lastIndexOf(':')) : "";
      String name = port.isEmpty() ? d : d.substring(0, d.length() - port.length());
      d = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT) + port;
    } catch (IllegalArgumentException e) {
      throw new HttpError(422, "invalid_domain", "That is not a domain name.");
    }
    if (d.length() > 253 || !DOMAIN.matcher(d).matches()) {
      throw new HttpError(422, "invalid_domain", "Give a domain such as example.org, without scheme or path.");
    }
    return d;
  }
}
