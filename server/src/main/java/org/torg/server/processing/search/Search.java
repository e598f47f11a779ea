package org.torg.server.processing.search;

import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.torg.server.config.TorgConfig;
import org.torg.server.db.SearchRepository;
import org.torg.server.db.SearchRepository.PostHit;
import org.torg.server.db.SearchRepository.ThreadHit;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.processing.remote.Resolver;
import org.torg.server.processing.remote.Resolver.Resolved;

/**
 * What the search box finds: threads and posts by their words (each post stemmed by its own
 * language), Groups and accounts by name. A handle or URL in the box is resolved as
 * {@code /api/v1/resolve} does for a signed-in reader, and looked up among what this server has
 * stored for anyone else (a signed-out reader never makes this server fetch). A reader sees only
 * what they may read: see {@link SearchRepository}.
 */
public final class Search {

  public static final int MAX_QUERY = 200;
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 40;
  /** Deeper than this nobody pages by hand; the cap keeps a scripted walk from costing the database. */
  public static final int MAX_OFFSET = 1000;

  public enum Kind {
    THREADS, POSTS, GROUPS, ACCOUNTS;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind parse(String value) {
      for (Kind k : values()) {
        if (k.wire().equals(value)) {
          return k;
        }
      }
      throw new HttpError(400, "bad_request", "type is one of threads, posts, groups or accounts.");
    }
  }

  /**
   * A search as asked: {@code readerActorId} is the signed-in reader's actor, empty when signed
   * out; {@code mayFetch} lets a handle or URL be fetched from its server.
   */
  public record Request(String q, Kind kind, int limit, int offset, Optional<Long> readerActorId, boolean mayFetch) {}

  /** One page of what matched, one list filled by the request's kind; {@code resolved}: what the box named. */
  public record Results(Optional<Resolved> resolved, List<ThreadHit> threads, List<PostHit> posts, List<Actor> actors,
      boolean more) {}

  private static final Pattern HANDLE = Pattern.compile("@?[\\p{L}\\p{N}_.-]+@[\\p{L}\\p{N}.-]+(:\\d+)?");

  private final SearchRepository repository;
  private final Resolver resolver;

  public Search(SearchRepository repository, Resolver resolver) {
    this.repository = repository;
    this.resolver = resolver;
  }

  /** Posts that name no language are stemmed as this one's from now on (search.default_language). */
  public Future<Void> useDefaultLanguage(TorgConfig.SearchLanguage language) {
    return repository.useDefaultConfiguration(language.configuration());
  }

  /** The parts of a request as they came, checked: a clear 400 for each that is wrong. */
  public static Request request(String q, String type, String limit, String offset, Optional<Long> reader, boolean mayFetch) {
    String query = q == null ? "" : q.strip();
    if (query.isEmpty()) {
      throw new HttpError(400, "bad_request", "q is the words to look for, a handle like @name@host or a URL.");
    }
    if (query.length() > MAX_QUERY) {
      throw new HttpError(400, "bad_request", "q is at most " + MAX_QUERY + " characters.");
    }
    Kind kind = type == null || type.isBlank() ? Kind.THREADS : Kind.parse(type.strip());
    return new Request(query, kind, number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
        number("offset", offset, 0, 0, MAX_OFFSET), reader, mayFetch);
  }

  private static int number(String name, String value, int fallback, int min, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new HttpError(400, "bad_request", name + " is a whole number from " + min + " to " + max + ".");
  }

  public Future<Results> search(Request request) {
    return resolved(request).compose(resolved -> {
      Long reader = request.readerActorId().orElse(null);
      // One more than asked for: whether there is a next page, without counting every match.
      int limit = request.limit() + 1;
      return switch (request.kind()) {
        case THREADS -> repository.threads(request.q(), reader, limit, request.offset())
            .map(list -> new Results(resolved, page(list, request), List.of(), List.of(), list.size() > request.limit()));
        case POSTS -> repository.posts(request.q(), reader, limit, request.offset())
            .map(list -> new Results(resolved, List.of(), page(list, request), List.of(), list.size() > request.limit()));
        case GROUPS, ACCOUNTS -> repository.actors(request.kind() == Kind.GROUPS, request.q(), limit, request.offset())
            .map(list -> new Results(resolved, List.of(), List.of(), page(list, request), list.size() > request.limit()));
      };
    });
  }

  private static <T> List<T> page(List<T> list, Request request) {
    return list.size() > request.limit() ? list.subList(0, request.limit()) : list;
  }

  /** What a handle or URL in the box names, if the reader may see it; nothing for plain words or what cannot be found. */
  private Future<Optional<Resolved>> resolved(Request request) {
    String q = request.q();
    boolean address = (q.startsWith("https://") || q.startsWith("http://")) && q.indexOf(' ') < 0 || HANDLE.matcher(q).matches();
    if (!address || request.offset() > 0) {
      return Future.succeededFuture(Optional.empty());
    }
    Future<Optional<Resolved>> found = request.mayFetch()
        ? resolver.resolve(q).map(Optional::of)
        : resolver.resolveKnown(q);
    // Not found, or not fetchable: the box still searches the words.
    return found.recover(e -> Future.succeededFuture(Optional.empty())).compose(r -> {
      if (r.isEmpty()) {
        return Future.succeededFuture(r);
      }
      Future<Boolean> readable = r.get().post().isPresent()
          ? repository.readablePost(r.get().post().get().id(), request.readerActorId().orElse(null))
          : repository.readableActor(r.get().actor().orElseThrow().id());
      return readable.map(ok -> ok ? r : Optional.<Resolved>empty());
    });
  }
}
