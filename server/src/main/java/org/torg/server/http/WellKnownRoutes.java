package org.torg.server.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.torg.server.TorgVersion;
import org.torg.server.config.TorgConfig;
import org.torg.server.convert.LocalUris;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.BranchMembershipRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Actor;
import org.torg.server.model.ActorType;

/** Discovery: WebFinger, host-meta and NodeInfo 2.0/2.1 (INTEROP §1). */
public final class WellKnownRoutes {

  static final String SOFTWARE_NAME = "torg";

  private final TorgConfig config;
  private final LocalUris uris;
  private final ActorRepository actors;
  private final BranchMembershipRepository branches;
  private final PostRepository posts;

  public WellKnownRoutes(TorgConfig config, LocalUris uris, ActorRepository actors, BranchMembershipRepository branches,
      PostRepository posts) {
    this.posts = posts;
    this.branches = branches;
    this.config = config;
    this.uris = uris;
    this.actors = actors;
  }

  public void mount(Router router) {
    router.get("/.well-known/webfinger").handler(this::webfinger);
    router.get("/.well-known/host-meta").handler(this::hostMeta);
    router.get("/.well-known/nodeinfo").handler(this::nodeinfoLinks);
    router.get("/nodeinfo/2.0").handler(ctx -> nodeinfo(ctx, "2.0"));
    router.get("/nodeinfo/2.1").handler(ctx -> nodeinfo(ctx, "2.1"));
  }

  private void webfinger(RoutingContext ctx) {
    String resource = ctx.request().getParam("resource");
    if (resource == null || resource.isBlank()) {
      ctx.fail(new HttpError(400, "bad_request", "The resource parameter is required."));
      return;
    }
    Future<Optional<Actor>> lookup;
    try {
      lookup = lookup(resource.trim());
    } catch (IllegalArgumentException e) {
      ctx.fail(new HttpError(400, "bad_request", e.getMessage()));
      return;
    }
    lookup.map(found -> {
      Actor actor = found.filter(Actor::local)
          .orElseThrow(() -> new HttpError(404, "not_found", "No such account here."));
      if (actor.deleted()) {
        throw new HttpError(410, "gone", "This account was deleted.");
      }
      return jrd(actor);
    }).onSuccess(jrd -> ctx.response()
        .putHeader("Content-Type", "application/jrd+json; charset=utf-8")
        .putHeader("Access-Control-Allow-Origin", "*")
        .end(jrd.encode()))
      .onFailure(ctx::fail);
  }

  private JsonObject jrd(Actor actor) {
    JsonObject self = new JsonObject().put("rel", "self").put("type", "application/activity+json").put("href", actor.uri());
    if (actor.type() == ActorType.Group) {
      // Lemmy/PieFed convention: lets a client tell a Group from a Person before fetching it.
      self.put("properties", new JsonObject().put("https://www.w3.org/ns/activitystreams#type", "Group"));
    }
    JsonArray aliases = new JsonArray().add(actor.url());
    if (!actor.uri().equals(actor.url())) {
      aliases.add(actor.uri());
    }
    return new JsonObject()
        .put("subject", "acct:" + actor.username() + "@" + config.publicAuthority())
        .put("aliases", aliases)
        .put("links", new JsonArray()
            .add(new JsonObject().put("rel", "http://webfinger.net/rel/profile-page").put("type", "text/html").put("href", actor.url()))
            .add(self));
  }

  /** acct:name@host, name@host, @name@host, or an actor's URL on this instance. */
  private Future<Optional<Actor>> lookup(String resource) {
    if (resource.startsWith("https://") || resource.startsWith("http://")) {
      URI uri = URI.create(resource);
      if (!config.publicAuthority().equalsIgnoreCase(authority(uri))) {
        return Future.succeededFuture(Optional.empty());
      }
      return actors.findByUri(resource).map(a -> a.filter(Actor::local).filter(Actor::served));
    }
    String acct = resource.startsWith("acct:") ? resource.substring(5) : resource;
    if (acct.startsWith("@")) {
      acct = acct.substring(1);
    }
    int at = acct.lastIndexOf('@');
    if (at <= 0 || at == acct.length() - 1) {
      throw new IllegalArgumentException("Expected acct:name@host.");
    }
    String name = acct.substring(0, at).toLowerCase(Locale.ROOT);
    String host = acct.substring(at + 1);
    if (!config.publicAuthority().equalsIgnoreCase(host) && !config.publicUrl().getHost().equalsIgnoreCase(host)) {
      return Future.succeededFuture(Optional.empty());
    }
    return actors.findLocalByUsername(name).map(a -> a.filter(Actor::served));
  }

  private static String authority(URI uri) {
    boolean defaultPort = uri.getPort() == -1
        || (uri.getPort() == 80 && "http".equals(uri.getScheme())) || (uri.getPort() == 443 && "https".equals(uri.getScheme()));
    return uri.getHost() == null ? "" : uri.getHost() + (defaultPort ? "" : ":" + uri.getPort());
  }

  private void hostMeta(RoutingContext ctx) {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n"
        + "  <Link rel=\"lrdd\" template=\"" + uris.base() + "/.well-known/webfinger?resource={uri}\"/>\n"
        + "</XRD>\n";
    ctx.response().putHeader("Content-Type", "application/xrd+xml; charset=utf-8").end(xml);
  }

  private void nodeinfoLinks(RoutingContext ctx) {
    JsonObject links = new JsonObject().put("links", new JsonArray()
        .add(new JsonObject().put("rel", "http://nodeinfo.diaspora.software/ns/schema/2.0").put("href", uris.base() + "/nodeinfo/2.0"))
        .add(new JsonObject().put("rel", "http://nodeinfo.diaspora.software/ns/schema/2.1").put("href", uris.base() + "/nodeinfo/2.1"))
        // FEP-2677: how peers find the instance actor.
        .add(new JsonObject().put("rel", "https://www.w3.org/ns/activitystreams#Application").put("href", uris.instanceActor())));
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(links.encode());
  }

  private void nodeinfo(RoutingContext ctx, String version) {
    Future<List<String>> hubs = branches.hubsOfLocalBranches();
    Future<List<String>> hosted = branches.localHubsWithBranches();
    Future<Long> localPosts = posts.countLocalLive();
    Future.all(actors.countLocalPeople(), hubs, hosted, localPosts).map(all -> all.<Long>resultAt(0)).onSuccess(users -> {
      JsonObject software = new JsonObject().put("name", SOFTWARE_NAME).put("version", TorgVersion.VERSION);
      if (version.equals("2.1")) {
        software.put("homepage", uris.base() + "/");
      }
      JsonObject doc = new JsonObject()
          .put("version", version)
          .put("software", software)
          .put("protocols", new JsonArray().add("activitypub"))
          .put("services", new JsonObject().put("inbound", new JsonArray()).put("outbound", new JsonArray()))
          // Open only when anyone may sign up at once; with approval an admin decides (Mastodon says false then too).
          .put("openRegistrations", config.accounts().registration() == TorgConfig.Registration.OPEN)
          .put("usage", new JsonObject()
              .put("users", new JsonObject().put("total", users))
              .put("localPosts", localPosts.result()))
          .put("metadata", new JsonObject()
              .put("nodeName", config.instance().name())
              .put("nodeDescription", config.instance().description())
              // The directory of branches: the hubs this server's Groups are branches of, and the hubs it hosts.
              .put("torg", new JsonObject().put("hubs", new JsonArray(hubs.result())).put("hostedHubs", new JsonArray(hosted.result()))));
      ctx.response()
          .putHeader("Content-Type", "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/" + version + "#\"")
          .putHeader("Access-Control-Allow-Origin", "*")
          .end(doc.encode());
    }).onFailure(ctx::fail);
  }
}
