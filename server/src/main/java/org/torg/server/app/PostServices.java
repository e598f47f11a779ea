package org.torg.server.app;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.convert.LocalUris;
import org.torg.server.convert.Markdown;
import org.torg.server.convert.PostDocuments;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.ConsultationRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.GroupProfileRepository;
import org.torg.server.db.HubThreadRepository;
import org.torg.server.db.PartyEntryRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.SearchRepository;
import org.torg.server.db.ThreadRepository;
import org.torg.server.db.VoteEligibilityRepository;
import org.torg.server.processing.LocalKeys;
import org.torg.server.processing.consultations.Consultations;
import org.torg.server.processing.consultations.Eligibility;
import org.torg.server.processing.inbound.InboundProofs;
import org.torg.server.processing.network.HubBranches;
import org.torg.server.processing.network.MembershipStatements;
import org.torg.server.processing.remote.ProofKeys;
import org.torg.server.processing.consultations.OpenDataExport;
import org.torg.server.processing.consultations.ParticipationReports;
import org.torg.server.processing.consultations.RemoteVotes;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.processing.hubs.HubReshares;
import org.torg.server.processing.network.HubBranches;
import org.torg.server.processing.network.PartyConsultations;
import org.torg.server.processing.posts.GroupAnnouncer;
import org.torg.server.processing.posts.LocalPosts;
import org.torg.server.processing.posts.RemotePosts;
import org.torg.server.processing.posts.ReplyPolicies;
import org.torg.server.processing.posts.ThreadBackfill;
import org.torg.server.processing.posts.ThreadReads;
import org.torg.server.processing.remote.ActorLookup;
import org.torg.server.processing.remote.RemoteActors;
import org.torg.server.processing.remote.RemoteFetches;
import org.torg.server.processing.remote.RemoteSoftware;
import org.torg.server.processing.remote.Resolver;
import org.torg.server.processing.search.Search;

/** Threads and posts: the part of {@link Services} that holds the discussions. */
public record PostServices(
    PostRepository posts,
    ThreadRepository threads,
    PostDocuments documents,
    GroupAnnouncer announcer,
    ReplyPolicies policies,
    LocalPosts localPosts,
    RemotePosts remotePosts,
    ThreadReads reads,
    ThreadBackfill backfill,
    Resolver resolver,
    Search search,
    ConsultationRepository consultationRepository,
    Consultations consultations,
    ParticipationReports reports,
    OpenDataExport export,
    HubReshares hubs,
    PartyConsultations party,
    MembershipStatements membershipStatements,
    RemoteVotes remoteVotes,
    Clock clock) {

  static PostServices create(Vertx vertx, Pool pool, Clock clock, LocalUris uris, String authority, ActorRepository actors,
      FollowRepository follows, Outbox outbox, AccountServices accounts, RemoteSoftware software, RemoteActors remoteActors,
      RemoteFetches fetches, ActorLookup actorLookup, ModerationServices.Early moderation, int maxMentions, String licence,
      LocalKeys keys, HubBranches hubBranches) {
    var posts = new PostRepository(pool);
    var threads = new ThreadRepository(pool);
    var documents = new PostDocuments(uris);
    var announcer = new GroupAnnouncer(follows, software, outbox, documents);
    var groups = new GroupProfileRepository(pool);
    var consultations = new ConsultationRepository(pool);
    var policies = new ReplyPolicies(accounts.permissions(), groups, follows, threads, moderation.sanctions(),
        moderation.domainBlocks(), consultations, clock);
    var localPosts = new LocalPosts(posts, threads, actors, follows, policies, outbox, announcer, documents,
        new ActivityDocuments(uris), new Markdown(uris), uris, clock, consultations,
        new org.torg.server.db.AccountMoveRepository(pool));
    var remotePosts = new RemotePosts(posts, threads, actors, follows, groups, remoteActors, fetches, policies, announcer,
        outbox, uris, authority, clock, moderation.held(), maxMentions,
        new org.torg.server.processing.media.RemoteAttachments(new org.torg.server.db.MediaRepository(pool)));
    var reads = new ThreadReads(vertx, threads, posts, actors, consultations, clock);
    var backfill = new ThreadBackfill(threads, posts, remotePosts, fetches);
    var resolver = new Resolver(actorLookup, actors, posts, threads, remoteActors, remotePosts, fetches, authority);
    var decisions = new VoteEligibilityRepository(pool);
    var statements = new MembershipStatements(vertx, accounts.groupMembers(), keys, uris,
        new InboundProofs(vertx, new ProofKeys(fetches)), clock);
    var consultationService = new Consultations(consultations, threads, posts, localPosts, accounts.permissions(), outbox, clock,
        groups, hubBranches, new Eligibility(threads, actors, hubBranches, statements, fetches), decisions);
    var reports = new ParticipationReports(consultations, threads, posts, hubBranches, decisions);
    var party = new PartyConsultations(new PartyEntryRepository(pool), hubBranches, actors, threads, posts, localPosts,
        announcer, outbox, fetches);
    return new PostServices(posts, threads, documents, announcer, policies, localPosts, remotePosts, reads, backfill,
        resolver, new Search(new SearchRepository(pool), resolver), consultations, consultationService, reports,
        new OpenDataExport(reports, licence, clock),
        new HubReshares(new HubThreadRepository(pool), actors, follows, outbox, documents, new ActivityDocuments(uris)), party,
        statements,
        new RemoteVotes(fetches, remoteActors, accounts.groupMembers(), groups, hubBranches, statements, outbox, uris, clock), clock);
  }
}
