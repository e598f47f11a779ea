package org.torg.server.app;

import org.torg.server.config.TorgConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.convert.LocalUris;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.AppealRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.GroupProfileRepository;
import org.torg.server.db.HeldPostRepository;
import org.torg.server.db.ModlogRepository;
import org.torg.server.db.ReportRepository;
import org.torg.server.db.SanctionRepository;
import org.torg.server.db.SessionRepository;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.moderation.Appeals;
import org.torg.server.processing.moderation.DomainBlocks;
import org.torg.server.processing.moderation.GroupModeration;
import org.torg.server.processing.moderation.InboundGate;
import org.torg.server.processing.moderation.InboundRateLimits;
import org.torg.server.processing.moderation.PostRemovals;
import org.torg.server.processing.moderation.Reports;
import org.torg.server.processing.moderation.Sanctions;
import org.torg.server.processing.remote.ActorLookup;

/** Reports, sanctions, domain blocks, Group moderation, appeals and the modlog: the part of {@link Services} that moderates. */
public record ModerationServices(
    ModlogRepository modlog,
    DomainBlocks domainBlocks,
    Sanctions sanctions,
    Reports reports,
    PostRemovals removals,
    GroupModeration groups,
    Appeals appeals,
    InboundGate gate) {

  /** The parts built before posts exist: the Outbox and the reply policies need them. */
  record Early(ModlogRepository modlog, DomainBlocks domainBlocks, SanctionRepository sanctions, HeldPostRepository held) {

    static Early create(Pool pool, Runnable changed) {
      var modlog = new ModlogRepository(pool);
      return new Early(modlog, new DomainBlocks(pool, new org.torg.server.db.DomainBlockRepository(pool), modlog, changed),
          new SanctionRepository(pool), new HeldPostRepository(pool));
    }
  }

  static ModerationServices create(Early early, Runnable changed, Pool pool, TorgConfig config, Clock clock, LocalUris uris, Outbox outbox,
      ActorRepository actors, FollowRepository follows, ActivityDocuments documents, AccountServices accounts, PostServices posts,
      ActorLookup lookup) {
    var sanctions = new Sanctions(outbox, early.sanctions(), accounts.accounts(), actors, follows, posts.posts(),
        new SessionRepository(pool), documents, early.modlog(), changed);
    var removals = new PostRemovals(posts.localPosts(), posts.posts(), posts.threads(), outbox, early.modlog(), clock);
    var reports = new Reports(new ReportRepository(pool), actors, accounts.accounts(), posts.posts(), lookup, sanctions, removals,
        early.domainBlocks(), outbox, early.modlog(), uris);
    var groups = new GroupModeration(outbox, early.sanctions(), new GroupProfileRepository(pool), posts.threads(), early.held(),
        actors, accounts.accounts(), posts.remotePosts(), early.modlog());
    var limits = config.cluster().enabled()
        ? InboundRateLimits.shared(config.moderation().inboundPerActorPerMinute(),
            config.moderation().inboundPerDomainPerMinute(), new org.torg.server.db.RateCounterRepository(pool))
        : new InboundRateLimits(config.moderation().inboundPerActorPerMinute(),
            config.moderation().inboundPerDomainPerMinute(), clock);
    return new ModerationServices(early.modlog(), early.domainBlocks(), sanctions, reports, removals, groups,
        new Appeals(new AppealRepository(pool), early.modlog(), outbox), new InboundGate(early.domainBlocks(), sanctions, limits));
  }

  /** Loads what the inbox and the deliveries check in memory: domain blocks and suspended actors. */
  public Future<Void> reload() {
    return Future.join(domainBlocks.reload(), sanctions.reload()).mapEmpty();
  }
}
