package org.torg.server.processing.moves;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.torg.federation.vocab.ActivityStreams;
import org.torg.server.convert.ActorDocuments;
import org.torg.server.convert.LocalUris;
import org.torg.server.convert.MoveDocuments;
import org.torg.server.db.AccountExportRepository;
import org.torg.server.db.AccountMoveRepository;
import org.torg.server.db.PersonalBlockRepository;
import org.torg.server.model.Actor;
import org.torg.server.processing.LocalActors;
import org.torg.server.processing.LocalKeys;

/**
 * A person's data, in the files Mastodon's export and archive give, so other servers import them:
 * following_accounts.csv (with Mastodon's header), blocked_accounts.csv and blocked_domains.csv
 * (one column, no header), muted_accounts.csv (Mastodon's header and its hide-notifications
 * column: Torg's mutes always hide), and outbox.json (an OrderedCollection of their Create
 * activities, as in Mastodon's archive) with actor.json. Each is written a page at a time to
 * {@code out}, so a large export never sits in memory whole.
 */
public final class Exports {

  /** Ruby's CSV, which Mastodon writes with: minimal quoting, LF line ends. */
  static final CSVFormat MASTODON_CSV = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();
  static final String[] FOLLOWING_HEADER = {"Account address", "Show boosts", "Notify on new posts", "Languages"};
  static final String[] MUTED_HEADER = {"Account address", "Hide notifications"};
  static final int PAGE = 500;
  /** More rows than any person follows; the export stops there rather than run on. */
  static final int MAX_ROWS = 100_000;
  /** Posts in one outbox.json at most. */
  static final int MAX_POSTS = 200_000;

  private final AccountExportRepository exports;
  private final PersonalBlockRepository blocks;
  private final AccountMoveRepository moves;
  private final LocalKeys keys;
  private final LocalUris uris;

  public Exports(AccountExportRepository exports, PersonalBlockRepository blocks, AccountMoveRepository moves, LocalKeys keys,
      LocalUris uris) {
    this.exports = exports;
    this.blocks = blocks;
    this.moves = moves;
    this.keys = keys;
    this.uris = uris;
  }

  public Future<Void> followingCsv(Actor me, Function<String, Future<Void>> out) {
    return out.apply(csv(List.<Object[]>of(FOLLOWING_HEADER))).compose(v -> followingPage(me, Long.MAX_VALUE, 0, out));
  }

  private Future<Void> followingPage(Actor me, long beforeId, int written, Function<String, Future<Void>> out) {
    return exports.following(me.id(), beforeId, PAGE).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture();
      }
      // Torg has no per-follow boost, notify or language settings: Mastodon's defaults.
      Future<Void> sent = out.apply(csv(page.stream().map(f -> new Object[] {f.username() + "@" + f.host(), true, false, ""}).toList()));
      int total = written + page.size();
      return page.size() < PAGE || total >= MAX_ROWS ? sent
          : sent.compose(v -> followingPage(me, page.get(page.size() - 1).followId(), total, out));
    });
  }

  public Future<Void> blockedAccountsCsv(Actor me, Function<String, Future<Void>> out) {
    return blocks.blocked(me.id()).compose(list -> out.apply(csv(list.stream().map(a -> new Object[] {acct(a)}).toList())));
  }

  public Future<Void> mutedAccountsCsv(Actor me, Function<String, Future<Void>> out) {
    return blocks.muted(me.id()).compose(list -> out.apply(csv(List.<Object[]>of(MUTED_HEADER))
        + csv(list.stream().map(a -> new Object[] {acct(a), true}).toList())));
  }

  public Future<Void> blockedDomainsCsv(Actor me, Function<String, Future<Void>> out) {
    return blocks.blockedDomains(me.id()).compose(list -> out.apply(csv(list.stream().map(d -> new Object[] {d}).toList())));
  }

  /** The archive's outbox.json: every Create the person sent for a post that still exists, oldest first. */
  public Future<Void> outboxJson(Actor me, Function<String, Future<Void>> out) {
    return exports.countWritten(me.id()).compose(count -> {
      String head = new JsonObject().put("@context", ActivityStreams.NS).put("id", "outbox.json").put("type", "OrderedCollection")
          .put("totalItems", Math.min(count, MAX_POSTS)).encode();
      // The collection's closing is written by hand so the items can stream between.
      return out.apply(head.substring(0, head.length() - 1) + ",\"orderedItems\":[")
          .compose(v -> outboxPage(me, 0, 0, out))
          .compose(v -> out.apply("]}"));
    });
  }

  private Future<Void> outboxPage(Actor me, long afterId, int written, Function<String, Future<Void>> out) {
    return exports.written(me.id(), afterId, PAGE).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture();
      }
      StringBuilder chunk = new StringBuilder();
      int n = written;
      for (AccountExportRepository.Written w : page) {
        if (n == MAX_POSTS) {
          break;
        }
        JsonObject create = w.create().copy();
        create.remove("@context");
        if (w.editedAt() != null && create.getValue("object") instanceof JsonObject object) {
          edited(object, w);
        }
        chunk.append(n == 0 ? "" : ",").append(create.encode());
        n++;
      }
      int total = n;
      Future<Void> sent = out.apply(chunk.toString());
      return page.size() < PAGE || total >= MAX_POSTS ? sent
          : sent.compose(v -> outboxPage(me, page.get(page.size() - 1).id(), total, out));
    });
  }

  /** An edited post as it reads now, as Mastodon's archive has each status's current text. */
  private static void edited(JsonObject object, AccountExportRepository.Written w) {
    object.put("content", w.content());
    if (object.getValue("contentMap") instanceof JsonObject map) {
      map.fieldNames().forEach(lang -> map.put(lang, w.content()));
    }
    if (w.name() != null && object.containsKey("name")) {
      object.put("name", w.name());
    }
    object.put("updated", java.time.format.DateTimeFormatter.ISO_INSTANT.format(w.editedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
  }

  /** The archive's actor.json: the actor document as served, its outbox pointing at outbox.json. */
  public Future<JsonObject> actorJson(Actor me) {
    String owner = LocalActors.keyOwner(me);
    return keys.ensure(owner).compose(key -> keys.ensureAssertionKey(owner).compose(assertion -> moves.aliases(me.id())
        .compose(aliases -> moves.movedTo(me.id()).map(moved -> MoveDocuments.withMoveFields(
            ActorDocuments.actor(me, key.publicKeyPem(), assertion.publicKey(), uris), aliases,
            moved.map(AccountMoveRepository.Move::targetUri)).put("outbox", "outbox.json")))));
  }

  /** An account's address as Mastodon's exports write it: name@host, without the leading @. */
  static String acct(Actor actor) {
    return actor.username() + "@" + actor.host();
  }

  static String csv(List<Object[]> rows) {
    StringWriter text = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(text, MASTODON_CSV)) {
      for (Object[] row : rows) {
        printer.printRecord(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
