package org.torg.server.app;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.LoggerFormat;
import io.vertx.ext.web.handler.LoggerHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import org.torg.server.convert.Markdown;
import org.torg.server.db.FederationHealthRepository;
import org.torg.server.db.NotificationRepository;
import org.torg.server.http.AccessLogFormat;
import org.torg.server.http.AccountRoutes;
import org.torg.server.http.ActivityRoutes;
import org.torg.server.http.ActorRoutes;
import org.torg.server.http.AdminAccountRoutes;
import org.torg.server.http.ApiDocsRoutes;
import org.torg.server.http.Authentication;
import org.torg.server.http.BranchesRoutes;
import org.torg.server.http.ConsultationRoutes;
import org.torg.server.http.DirectoryRoutes;
import org.torg.server.http.DomainBlockRoutes;
import org.torg.server.http.FollowApiRoutes;
import org.torg.server.http.GroupFollowRoutes;
import org.torg.server.http.GroupModerationRoutes;
import org.torg.server.http.GroupRoutes;
import org.torg.server.http.HealthRoutes;
import org.torg.server.http.HubRoutes;
import org.torg.server.http.InboxRoutes;
import org.torg.server.http.JsonErrorHandler;
import org.torg.server.http.LiveRoutes;
import org.torg.server.http.MediaRoutes;
import org.torg.server.http.MembershipStatementRoutes;
import org.torg.server.http.MetricsRoutes;
import org.torg.server.http.ModlogRoutes;
import org.torg.server.http.NotificationRoutes;
import org.torg.server.http.PartyConsultationRoutes;
import org.torg.server.http.PersonalBlockRoutes;
import org.torg.server.http.PostRoutes;
import org.torg.server.http.PreviewRoutes;
import org.torg.server.http.RemoteVoteRoutes;
import org.torg.server.http.ReportRoutes;
import org.torg.server.http.RequestIdHandler;
import org.torg.server.http.ResolveRoutes;
import org.torg.server.http.SanctionRoutes;
import org.torg.server.http.SearchRoutes;
import org.torg.server.http.SessionCookies;
import org.torg.server.http.SessionRoutes;
import org.torg.server.http.SignedFetches;
import org.torg.server.http.ThreadApiRoutes;
import org.torg.server.http.TwoFactorRoutes;
import org.torg.server.http.WellKnownRoutes;
import org.torg.server.http.pages.AccountPages;
import org.torg.server.http.pages.AdminPages;
import org.torg.server.http.pages.ErrorPages;
import org.torg.server.http.pages.Feeds;
import org.torg.server.http.pages.Messages;
import org.torg.server.http.pages.PageRenderer;
import org.torg.server.http.pages.Pages;
import org.torg.server.http.pages.PublicPages;
import org.torg.server.http.pages.SearchPages;
import org.torg.server.http.pages.SignedInThreadPages;
import org.torg.server.http.pages.ThreadPageCache;

/**
 * Assembles the production router: every route and the handlers that wrap them all, each given
 * what it needs from {@link Services}. Here, in the composition root, so the routes themselves
 * never reach up into it.
 */
public final class Routes {

  private Routes() {}

  public static Router create(Vertx vertx, int bodyLimit, HealthRoutes health, Services services) {
    Router router = Router.router(vertx);
    router.route().handler(new RequestIdHandler());
    router.route().handler(LoggerHandler.create(LoggerFormat.CUSTOM).customFormatter(new AccessLogFormat()));
    // Bodies are read whole (signatures need the raw bytes) and capped: larger ones get 413.
    // Except uploads (README "Media"), which have their own limit and go to files.
    MediaRoutes.mountBodyHandler(router, services.config().dataDir().resolve("uploads"), services.config().media().maxUploadBytes());
    // The settings page's profile form carries the avatar and header (README "Profile and settings").
    org.torg.server.http.pages.SettingsPages.mountBodyHandler(router, services.config().dataDir().resolve("uploads"),
        services.config().media().maxUploadBytes());
    org.torg.server.http.ProfileImageRoutes.mountBodyHandler(router, services.config().dataDir().resolve("uploads"),
        services.config().media().maxUploadBytes());
    router.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
    if (services.config().http().behindProxy()) {
      router.allowForward(AllowForwardHeaders.X_FORWARD);
    }

    health.mount(router);
    // Before every ActivityPub GET route: signatures verified when present, required with
    // federation.authorized_fetch.
    var readerAccess = new org.torg.server.processing.moderation.ReaderAccess(services.moderation().domainBlocks(),
        new org.torg.server.db.SanctionRepository(services.pool()), services.actors(), services.posts().threads(),
        services.posts().posts());
    router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(new SignedFetches(
        new org.torg.server.processing.remote.SignedRequests(vertx, services.remoteKeys()), readerAccess,
        services.config().federation().authorizedFetch(), org.torg.server.convert.LocalUris.INSTANCE_ACTOR_PATH,
        services.config().publicUrl().getScheme()));
    new MetricsRoutes(services.metrics()).mount(router);
    new WellKnownRoutes(services.config(), services.uris(), services.actors(), services.directory().memberships(),
        services.posts().posts()).mount(router);
    new InboxRoutes(services.inboxReceiver(), services.actors(), services.uris(), services.config().publicUrl().getScheme()).mount(router);
    new ActivityRoutes(services.outboxActivities(), services.uris()).mount(router);

    var accounts = services.accounts();
    var posts = services.posts();
    var cookies = new SessionCookies(services.config().httpsPublicUrl(), services.config().sessions().refreshTokenLifetime());
    var authentication = new Authentication(accounts.signIns(), cookies);
    // The web client's pages (templates and translations from the torg-web-client jar).
    var renderer = new PageRenderer(Messages.load());
    var pages = new Pages(vertx, renderer, authentication, services.config(), services.media().remote()::shown);
    var publicPages = new PublicPages(pages, accounts.groups(), posts.threads(), posts.consultationRepository(), posts.reports(),
        posts.hubs().threads(), posts.party().entries(), services.directory().memberships(), posts.clock());
    var notifications = new NotificationRepository(services.pool());
    publicPages.mount(router);
    new SearchPages(pages, posts.search()).mount(router);
    new AccountPages(pages, accounts.groups(), notifications).mount(router);
    new org.torg.server.http.pages.MoveSettingsPages(pages, services.moves().repository(),
        services.moves().imports().repository()).mount(router);
    new AdminPages(pages, new FederationHealthRepository(services.pool())).mount(router);
    new org.torg.server.http.pages.MailPages(pages, services.mail().resets(), services.mail().verification(),
        services.mail().notifications()).mount(router);
    new org.torg.server.http.pages.SettingsPages(pages, accounts.profiles(), accounts.twoFactor(), services.media().uploads(),
        services.config().publicUrl(), services.config().media().maxUploadBytes()).mount(router);
    new Feeds(renderer, accounts.groups(), posts.threads(), posts.posts(), services.config().instance().name()).mount(router);
    new ActorRoutes(services.actors(), services.follows(), services.outboxActivities(), services.uris(), publicPages,
        services.actorDocuments(), services.moves().repository(), new org.torg.server.db.ActorProfileRepository(services.pool()))
        .mount(router);

    new ApiDocsRoutes().mount(router);
    router.route("/api/*").handler(authentication);
    new SessionRoutes(accounts.signIns(), cookies, services.mail().signInNotices()).mount(router);
    new AccountRoutes(accounts.registrations(), accounts.profiles(), accounts.deletion(), services.mail().verification())
        .mount(router);
    new org.torg.server.http.MailRoutes(services.mail().resets(), services.mail().verification(), services.mail().notifications())
        .mount(router);
    new TwoFactorRoutes(accounts.twoFactor()).mount(router);
    new org.torg.server.http.ProfileImageRoutes(services.media().uploads(), accounts.profiles(),
        services.config().media().maxUploadBytes()).mount(router);
    new PersonalBlockRoutes(accounts.personalBlocks(), services.actorLookup(), services.config().publicAuthority()).mount(router);
    new org.torg.server.http.MoveRoutes(services.moves().aliases(), services.moves().movesOut()).mount(router);
    new org.torg.server.http.ExportRoutes(services.moves().exports()).mount(router);
    new org.torg.server.http.ImportRoutes(services.moves().imports()).mount(router);
    new AdminAccountRoutes(accounts.accounts(), accounts.audit(), accounts.registrations(), accounts.roles()).mount(router);
    new GroupRoutes(accounts.groups(), accounts.groupMembers(), accounts.roles(), accounts.permissions()).mount(router);
    new PostRoutes(posts.posts(), posts.threads(), services.actors(), posts.documents(), posts.policies(),
        publicPages, new ThreadPageCache(vertx), new SignedInThreadPages(vertx),
        new ThreadPageCache(vertx), accounts.personalBlocks(), posts.localPosts()).mount(router);
    var moderation = services.moderation();
    boolean showModerators = services.config().moderation().modlogShowsModerators();
    new ReportRoutes(moderation.reports()).mount(router);
    new DomainBlockRoutes(moderation.domainBlocks()).mount(router);
    new SanctionRoutes(moderation.sanctions(), services.actorLookup()).mount(router);
    new ModlogRoutes(moderation.modlog(), moderation.appeals(), showModerators, services.config()).mount(router);
    new GroupModerationRoutes(accounts.groups(), accounts.permissions(), moderation.groups(), posts.threads(),
        services.actorLookup()).mount(router);
    new ThreadApiRoutes(accounts.groups(), posts.threads(), posts.posts(), posts.localPosts(), posts.reads(), posts.backfill(),
        services.media().uploads(), services.media().sweeper())
        .mount(router);
    new ConsultationRoutes(vertx, accounts.groups(), posts.consultations(), posts.reports(), posts.export(), posts.reads())
        .mount(router);
    new ResolveRoutes(posts.resolver(), posts.threads(), posts.backfill()).mount(router);
    new SearchRoutes(posts.search()).mount(router);
    var groupFollowRoutes = new GroupFollowRoutes(accounts.groups(), accounts.permissions(), services.localFollows(),
        services.actorLookup());
    groupFollowRoutes.mount(router);
    new HubRoutes(accounts.groups(), groupFollowRoutes, posts.hubs()).mount(router);
    new PartyConsultationRoutes(accounts.groups(), posts.party().entries()).mount(router);
    new DirectoryRoutes(accounts.groups(), groupFollowRoutes, services.directory()).mount(router);
    new BranchesRoutes(accounts.groups(), services.directory().memberships(),
        new org.torg.server.http.pages.DirectoryPages(pages, services.directory())).mount(router);
    new MembershipStatementRoutes(accounts.groups(), posts.membershipStatements(), services.hubBranches()).mount(router);
    new RemoteVoteRoutes(posts.posts(), posts.remoteVotes()).mount(router);
    new FollowApiRoutes(services.localFollows(), services.follows(), services.actors(),
        services.actorLookup()).mount(router);
    new NotificationRoutes(notifications, Clock.systemUTC()).mount(router);
    new LiveRoutes(vertx, posts.reads(), services.live(), services.streamLimits()).mount(router);
    new PreviewRoutes(new Markdown(services.uris())).mount(router);
    var media = services.media();
    new MediaRoutes(media.uploads(), media.repository(), media.storage(), media.remote(), media.documents(),
        services.config().media().maxUploadBytes()).mount(router);
    // Remote actors' avatars and headers through the same cache (README "Profile and settings").
    new org.torg.server.http.RemoteProfileImageRoutes(services.actors(), new org.torg.server.db.ActorProfileRepository(services.pool()),
        media.repository(), media.remote()).mount(router);
    // The web client's files, from the torg-web-client jar.
    // GET and HEAD only, so another method on a known path gets 405 rather than 404.
    StaticHandler web = StaticHandler.create("web").setIncludeHidden(false).setDirectoryListing(false)
        .setIndexPage("-none-").setMaxAgeSeconds(3600);
    router.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(web);

    JsonErrorHandler errors = new JsonErrorHandler(new ErrorPages(pages));
    router.route().failureHandler(errors);
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, errors);
    }
    return router;
  }
}
