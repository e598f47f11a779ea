package org.torg.server.app;

import org.torg.server.config.TorgConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Optional;
import org.torg.server.TorgVersion;
import org.torg.federation.delivery.Deliverer;
import org.torg.federation.delivery.DeliveryOptions;
import org.torg.federation.fetch.DocumentFetcher;
import org.torg.federation.fetch.FetchOptions;
import org.torg.federation.nodeinfo.NodeInfoClient;
import org.torg.federation.signature.RsaKeys;
import org.torg.federation.signature.SignatureWindow;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.convert.LocalUris;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.DeliveryRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.InboxRepository;
import org.torg.server.db.LocalKeyRepository;
import org.torg.server.db.OutboxRepository;
import org.torg.server.db.RemoteHostRepository;
import org.torg.server.db.RemoteKeyRepository;
import org.torg.server.db.RemoteSoftwareRepository;
import org.torg.server.processing.ActorUpdates;
import org.torg.server.processing.Follows;
import org.torg.server.processing.LocalActors;
import org.torg.server.processing.LocalKeys;
import org.torg.server.processing.delivery.DeliveryMetrics;
import org.torg.server.processing.delivery.DeliveryWorker;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.delivery.RemoteHosts;
import org.torg.server.processing.inbound.InboxMetrics;
import org.torg.server.processing.inbound.InboxProcessor;
import org.torg.server.processing.inbound.InboundProofs;
import org.torg.server.processing.inbound.InboxHandoff;
import org.torg.server.processing.inbound.InboxReceiver;
import org.torg.server.processing.remote.ProofKeys;
import org.torg.server.processing.remote.InstanceRequestSigner;
import org.torg.federation.webfinger.WebFingerClient;
import org.torg.server.processing.remote.ActorLookup;
import org.torg.server.processing.remote.RemoteActors;
import org.torg.server.processing.remote.RemoteFetches;
import org.torg.server.processing.remote.RemoteKeys;
import org.torg.server.processing.remote.RemoteSoftware;
import org.torg.server.secrets.SecretBox;
import org.torg.server.db.NotificationRepository;
import org.torg.server.db.ThreadEventRepository;
import org.torg.server.processing.live.LiveFeed;
import org.torg.server.processing.live.StreamLimits;
import org.torg.server.processing.network.HubBranches;
import org.torg.server.processing.network.Directory;
import org.torg.server.convert.DirectoryDocuments;
import org.torg.server.db.BranchMembershipRepository;

/** The repositories and domain services of one running Torg, built once and shared by routes and workers. */
public record Services(
    TorgConfig config,
    Pool pool,
    PrometheusMeterRegistry metrics,
    LocalUris uris,
    ActorRepository actors,
    FollowRepository follows,
    OutboxRepository outboxActivities,
    DeliveryRepository deliveries,
    InboxRepository inbox,
    LocalKeys keys,
    LocalActors localActors,
    DocumentFetcher fetcher,
    RemoteActors remoteActors,
    RemoteKeys remoteKeys,
    ActivityDocuments activityDocuments,
    Outbox outbox,
    InboxMetrics inboxMetrics,
    InboxReceiver inboxReceiver,
    InboxHandoff inboxHandoff,
    InboxProcessor inboxProcessor,
    Follows localFollows,
    ActorUpdates actorUpdates,
    org.torg.server.processing.LocalActorDocuments actorDocuments,
    RemoteHosts remoteHosts,
    Deliverer deliverer,
    DeliveryMetrics deliveryMetrics,
    AccountServices accounts,
    PostServices posts,
    ModerationServices moderation,
    RemoteSoftware remoteSoftware,
    ActorLookup actorLookup,
    MediaServices media,
    LiveFeed live,
    StreamLimits streamLimits,
    HubBranches hubBranches,
    Directory directory,
    MoveServices moves,
    MailServices mail) {

  static Services create(Vertx vertx, Pool pool, TorgConfig config, SecretBox secrets, Clock clock) {
    var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    NativeCrypto.Status crypto = NativeCrypto.install();
    Gauge.builder("torg.crypto.native", () -> crypto.nativeProvider() ? 1 : 0)
        .description("1 when the native crypto provider (ACCP) signs and verifies, 0 when the JDK's do")
        .tag("provider", crypto.provider())
        .register(metrics);
    var uris = new LocalUris(config.publicUrl().toString());
    var authority = config.publicAuthority();
    var actors = new ActorRepository(pool);
    var follows = new FollowRepository(pool);
    var outboxActivities = new OutboxRepository(pool);
    var deliveries = new DeliveryRepository(pool);
    var inbox = new InboxRepository(pool);
    var keyRepository = new LocalKeyRepository(pool);
    var keys = new LocalKeys(vertx, keyRepository, secrets);
    var fetcher = new DocumentFetcher(vertx,
        fetchOptions(config),
        new InstanceRequestSigner(uris.mainKey(uris.instanceActor()), keys));
    var remoteKeyRepository = new RemoteKeyRepository(pool);
    var fetches = new RemoteFetches(fetcher, metrics);
    var remoteActors = new RemoteActors(fetches, actors, remoteKeyRepository, authority,
        new org.torg.server.db.ActorProfileRepository(pool), new org.torg.server.db.MediaRepository(pool),
        config.profiles().maxFields());
    var remoteKeys = new RemoteKeys(vertx, fetches, remoteKeyRepository, remoteActors);
    var documents = new ActivityDocuments(uris);
    // A change of blocks or suspensions is announced to every node (the clustered event bus when several run).
    Runnable moderationChanged = () -> vertx.eventBus().publish(org.torg.server.processing.moderation.DomainBlocks.CHANGED, null);
    var early = ModerationServices.Early.create(pool, moderationChanged);
    var outbox = new Outbox(vertx, pool, outboxActivities, deliveries, authority, early.domainBlocks()::suspended);
    var inboxMetrics = new InboxMetrics(metrics);
    var remoteHosts = new RemoteHosts(vertx, new RemoteHostRepository(pool));
    var localActors = new LocalActors(actors, keyRepository, keys, uris, authority);
    var accountMoves = new org.torg.server.db.AccountMoveRepository(pool);
    var actorDocuments = new org.torg.server.processing.LocalActorDocuments(keys, uris, accountMoves,
        new org.torg.server.db.ActorProfileRepository(pool));
    var actorUpdates = new ActorUpdates(actors, follows, outbox, documents, actorDocuments);
    var accounts = AccountServices.create(vertx, pool, config, secrets, clock, actors, follows, localActors, keys,
        actorUpdates, outbox, documents);
    var remoteSoftware = new RemoteSoftware(new NodeInfoClient(fetcher), new RemoteSoftwareRepository(pool), clock,
        config.federation().allowPrivateAddresses());
    var lookup = new ActorLookup(actors, remoteActors,
        new WebFingerClient(fetcher, config.federation().allowPrivateAddresses() ? "http" : "https"), authority);
    // The directory of branches says which Groups are a hub's branches (party-wide consultations, members-only votes ask).
    var memberships = new BranchMembershipRepository(pool);
    var hubBranches = new HubBranches(memberships);
    var posts = PostServices.create(vertx, pool, clock, uris, authority, actors, follows, outbox, accounts, remoteSoftware,
        remoteActors, fetches, lookup, early, config.moderation().maxMentionsPerPost(),
        config.consultations().licence(), keys, hubBranches);
    var moderation = ModerationServices.create(early, moderationChanged, pool, config, clock, uris, outbox, actors, follows, documents, accounts,
        posts, lookup);
    var inboxHandoff = new InboxHandoff();
    var receiver = new InboxReceiver(vertx, remoteKeys, inbox, inboxHandoff, moderation.gate(), remoteHosts, inboxMetrics,
        SignatureWindow.withClockSkewMargin(config.federation().signatureClockSkew()),
        new InboundProofs(vertx, new ProofKeys(fetches)));
    var localFollows = new Follows(actors, remoteActors, follows, outbox, documents);
    var directory = new Directory(actors, memberships, outbox, localFollows, new DirectoryDocuments(documents));
    var moves = MoveServices.create(vertx, pool, config, accountMoves, actors, follows, remoteActors, fetches, lookup, accounts,
        actorUpdates, outbox, documents, localFollows, uris, keys);
    var processor = new InboxProcessor(actors, remoteActors, follows, outbox, documents, posts.posts(), posts.remotePosts(),
        fetches, moderation.reports(), posts.consultations(), posts.hubs(), posts.party(), directory, accounts.personalBlocks(),
        moves.movesIn());
    return new Services(config, pool, metrics, uris, actors, follows, outboxActivities, deliveries, inbox, keys,
        localActors, fetcher, remoteActors, remoteKeys, documents,
        outbox, inboxMetrics, receiver, inboxHandoff, processor,
        localFollows,
        actorUpdates,
        actorDocuments,
        remoteHosts,
        new Deliverer(vertx, deliveryOptions(config)),
        new DeliveryMetrics(metrics),
        accounts,
        posts,
        moderation,
        remoteSoftware,
        lookup,
        MediaServices.create(vertx, pool, config, uris, fetcher, moderation.domainBlocks()::of, clock),
        new LiveFeed(vertx, new ThreadEventRepository(pool), new NotificationRepository(pool)),
        new StreamLimits(config.live().maxStreamsPerClient(), config.live().maxStreams()),
        hubBranches,
        directory,
        moves,
        MailServices.create(vertx, pool, config, secrets, clock, accounts));
  }

  /** Mastodon's limits but for the times, which are config/torg.yaml's federation.*_timeout_seconds. */
  static FetchOptions fetchOptions(TorgConfig config) {
    var limits = config.federation().outgoing();
    return new FetchOptions(config.federation().allowPrivateAddresses(), FetchOptions.DEFAULT_MAX_BYTES, limits.connect(),
        limits.fetchRead(), FetchOptions.DEFAULT_MAX_REDIRECTS, userAgent(config), limits.fetch());
  }

  static DeliveryOptions deliveryOptions(TorgConfig config) {
    var limits = config.federation().outgoing();
    return new DeliveryOptions(config.federation().allowPrivateAddresses(), limits.connect(), limits.delivery(),
        userAgent(config), DeliveryOptions.DEFAULT_MAX_POOL_PER_HOST);
  }

  static String userAgent(TorgConfig config) {
    return "Torg/" + TorgVersion.VERSION + " (+" + config.publicUrl() + "/)";
  }

  /**
   * The delivery workers, one per event loop the caller deploys: they share the queue as several
   * nodes do (SKIP LOCKED), so sending, the HTTP client's work and the bookkeeping of a fan-out are
   * spread over the cores rather than held on one event loop.
   */
  java.util.function.Supplier<DeliveryWorker> deliveryWorkers(java.util.function.IntSupplier node) {
    // The interop suite's self-test (config/torg.yaml: federation.testing.sign_with_wrong_key):
    // one key generated here, published by no actor, signs every delivery; another every proof.
    Optional<PrivateKey> wrongKey = config.federation().signWithWrongKey()
        ? Optional.of(RsaKeys.generate().getPrivate()) : Optional.empty();
    Optional<PrivateKey> wrongProofKey = config.federation().signWithWrongKey()
        ? Optional.of(org.torg.federation.proof.Ed25519Keys.generate().getPrivate()) : Optional.empty();
    var made = new java.util.concurrent.atomic.AtomicInteger();
    return () -> new DeliveryWorker(deliveries, actors, keys, uris, deliverer, remoteHosts, deliveryMetrics,
        moderation.domainBlocks()::suspended, wrongKey, wrongProofKey, node, made.getAndIncrement() == 0);
  }

  Future<Void> close() {
    metrics.close();
    return Future.join(fetcher.close(), deliverer.close(), accounts.close(), media.storage().close(), mail.close()).mapEmpty();
  }
}
