package org.torg.server.app;

import org.torg.server.config.TorgConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import org.torg.server.convert.ActivityDocuments;
import org.torg.server.db.AccountRepository;
import org.torg.server.db.ActorRepository;
import org.torg.server.db.AuditRepository;
import org.torg.server.db.FollowRepository;
import org.torg.server.db.GroupMemberRepository;
import org.torg.server.db.GroupProfileRepository;
import org.torg.server.db.PostRepository;
import org.torg.server.db.SessionKeyRepository;
import org.torg.server.db.PersonalBlockRepository;
import org.torg.server.db.SessionRepository;
import org.torg.server.db.TwoFactorRepository;
import org.torg.server.processing.ActorUpdates;
import org.torg.server.processing.Groups;
import org.torg.server.processing.LocalActors;
import org.torg.server.processing.LocalKeys;
import org.torg.server.processing.accounts.AccessTokens;
import org.torg.server.processing.accounts.AccountDeletion;
import org.torg.server.processing.accounts.AccountProfiles;
import org.torg.server.processing.accounts.AccountRoles;
import org.torg.server.processing.accounts.AttemptLimiter;
import org.torg.server.processing.accounts.MemoryAttemptLimiter;
import org.torg.server.processing.accounts.SharedAttemptLimiter;
import org.torg.server.db.RateCounterRepository;
import org.torg.server.processing.accounts.BackOff;
import org.torg.server.processing.accounts.PasswordHasher;
import org.torg.server.processing.accounts.Permissions;
import org.torg.server.processing.accounts.Registrations;
import org.torg.server.processing.accounts.SessionKeys;
import org.torg.server.processing.accounts.PersonalBlocks;
import org.torg.server.processing.accounts.SignIns;
import org.torg.server.processing.accounts.TwoFactor;
import org.torg.server.processing.delivery.Outbox;
import org.torg.server.secrets.SecretBox;

/** Accounts, sessions, roles and Groups: the part of {@link Services} that knows who is asking. */
public record AccountServices(
    AccountRepository accounts,
    AuditRepository audit,
    GroupMemberRepository groupMembers,
    PasswordHasher passwordHasher,
    SessionKeys sessionKeys,
    AccessTokens accessTokens,
    Registrations registrations,
    SignIns signIns,
    AccountProfiles profiles,
    AccountDeletion deletion,
    AccountRoles roles,
    Permissions permissions,
    Groups groups,
    TwoFactor twoFactor,
    PersonalBlocks personalBlocks) {

  /** Clients remembered per limiter. */
  private static final int LIMITER_KEYS = 100_000;

  static AccountServices create(Vertx vertx, Pool pool, TorgConfig config, SecretBox secrets, Clock clock,
      ActorRepository actors, FollowRepository follows, LocalActors localActors, LocalKeys keys, ActorUpdates actorUpdates,
      Outbox outbox, ActivityDocuments documents) {
    var accounts = new AccountRepository(pool);
    var sessions = new SessionRepository(pool);
    var audit = new AuditRepository(pool);
    var groupMembers = new GroupMemberRepository(pool);
    var hasher = new PasswordHasher(vertx, config.accounts().passwordHash());
    var lifetimes = config.sessions();
    var sessionKeys = new SessionKeys(vertx, new SessionKeyRepository(pool), secrets, clock, lifetimes.signingKeyLifetime(),
        lifetimes.accessTokenLifetime());
    var accessTokens = new AccessTokens(vertx, sessionKeys, clock, config.publicUrl().toString(), lifetimes.accessTokenLifetime());
    // Several nodes count attempts together in PostgreSQL, or each would grant the whole allowance.
    var counters = new RateCounterRepository(pool);
    AttemptLimiter registrationLimiter = config.cluster().enabled()
        ? new SharedAttemptLimiter(counters, "registration", BackOff.REGISTRATION_PER_ADDRESS, Duration.ofHours(1))
        : new MemoryAttemptLimiter(BackOff.REGISTRATION_PER_ADDRESS, Duration.ofHours(1), clock, LIMITER_KEYS);
    AttemptLimiter signInLimiter = config.cluster().enabled()
        ? new SharedAttemptLimiter(counters, "sign-in", BackOff.SIGN_IN_PER_ADDRESS, Duration.ofMinutes(15))
        : new MemoryAttemptLimiter(BackOff.SIGN_IN_PER_ADDRESS, Duration.ofMinutes(15), clock, LIMITER_KEYS);
    var profiles = new AccountProfiles(accounts, sessions, audit, hasher, actorUpdates,
        new org.torg.server.db.ActorProfileRepository(pool), new org.torg.server.db.MediaRepository(pool),
        new org.torg.server.processing.accounts.ProfileFields(config.profiles().maxFields()),
        new org.torg.server.convert.LocalUris(config.publicUrl().toString()));
    var twoFactor = new TwoFactor(vertx, new TwoFactorRepository(pool), secrets, audit, clock, config.instance().name(),
        config.publicAuthority(), config.accounts().requireTwoFactorForStaff());
    return new AccountServices(accounts, audit, groupMembers, hasher, sessionKeys, accessTokens,
        new Registrations(config.accounts().registration(), localActors, keys, accounts, actors, audit, hasher, registrationLimiter),
        new SignIns(accounts, sessions, audit, hasher, accessTokens, signInLimiter, clock, lifetimes.refreshTokenLifetime(),
            twoFactor),
        profiles,
        new AccountDeletion(accounts, actors, follows, sessions, groupMembers, audit, profiles, new PostRepository(pool), outbox,
            documents),
        new AccountRoles(accounts, groupMembers, sessions, audit),
        new Permissions(groupMembers),
        new Groups(localActors, keys, new GroupProfileRepository(pool)),
        twoFactor,
        new PersonalBlocks(new PersonalBlockRepository(pool), follows, outbox, documents));
  }

  Future<Void> close() {
    return passwordHasher.close();
  }
}
