package org.torg.server.processing.accounts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.torg.server.convert.AttachmentDocuments;
import org.torg.server.convert.LocalUris;
import org.torg.server.db.ActorProfileRepository;
import org.torg.server.db.MediaRepository;
import org.torg.server.model.ActorProfile;
import org.torg.server.model.ProfileField;
import org.torg.server.db.AccountRepository;
import org.torg.server.db.AuditRepository;
import org.torg.server.db.SessionRepository;
import org.torg.server.error.HttpError;
import org.torg.server.model.Account;
import org.torg.server.model.AuditEvent;
import org.torg.server.model.AuditKind;
import org.torg.server.model.Principal;
import org.torg.server.processing.ActorUpdates;

/** What an account holder changes about themselves: the profile (federated as an Update) and the password. */
public final class AccountProfiles {

  /**
   * A profile change; an absent field stays as it is, an empty one is cleared. {@code avatar} and
   * {@code header} are ids of the account's own image uploads (README "Profile and settings");
   * {@code avatarUrl} is the older way to give an avatar, by URL. {@code fields}: a JSON array of
   * {name, value}.
   */
  public record ProfileChange(Optional<String> displayName, Optional<String> bio, Optional<String> avatarUrl,
      Optional<String> avatar, Optional<String> header, Optional<Object> fields, Optional<String> defaultLanguage,
      Optional<String> uiLanguage) {

    public ProfileChange(Optional<String> displayName, Optional<String> bio, Optional<String> avatarUrl) {
      this(displayName, bio, avatarUrl, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  private final AccountRepository accounts;
  private final SessionRepository sessions;
  private final AuditRepository audit;
  private final PasswordHasher hasher;
  private final ActorUpdates actorUpdates;
  private final ActorProfileRepository profiles;
  private final MediaRepository media;
  private final ProfileFields fields;
  private final AttachmentDocuments mediaUrls;
  private final String localMediaPrefix;

  public AccountProfiles(AccountRepository accounts, SessionRepository sessions, AuditRepository audit, PasswordHasher hasher,
      ActorUpdates actorUpdates, ActorProfileRepository profiles, MediaRepository media, ProfileFields fields, LocalUris uris) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.audit = audit;
    this.hasher = hasher;
    this.actorUpdates = actorUpdates;
    this.profiles = profiles;
    this.media = media;
    this.fields = fields;
    this.mediaUrls = new AttachmentDocuments(uris);
    this.localMediaPrefix = uris.base() + "/media/";
  }

  public ProfileFields fieldRules() {
    return fields;
  }

  /** The header and fields of the account's actor. */
  public Future<ActorProfile> profileOf(Account account) {
    return profiles.find(account.actor().id());
  }

  /** Stores the new profile and sends the actor's Update, icon, image and attachment included, to its followers' servers. */
  public Future<Account> update(Principal principal, ProfileChange change) {
    Account account = principal.account();
    String displayName;
    String bio;
    String avatarUrl;
    List<ProfileField> newFields;
    String postLanguage;
    String uiLanguage;
    try {
      displayName = change.displayName().isPresent() ? AccountRules.displayName(change.displayName().get())
          : account.actor().displayName();
      bio = change.bio().isPresent() ? AccountRules.bio(change.bio().get()) : account.bio();
      avatarUrl = change.avatarUrl().isPresent() ? AccountRules.avatarUrl(change.avatarUrl().get()) : account.actor().iconUrl();
      newFields = change.fields().isPresent() ? fields.parse(change.fields().get()) : null;
      postLanguage = change.defaultLanguage().isPresent() ? AccountLanguages.post(change.defaultLanguage().get())
          : account.defaultLanguage();
      uiLanguage = change.uiLanguage().isPresent() ? AccountLanguages.ui(change.uiLanguage().get()) : account.uiLanguage();
    } catch (HttpError e) {
      return Future.failedFuture(e);
    }
    long actorId = account.actor().id();
    Future<Optional<String>> avatar = image(actorId, change.avatar(), "avatar");
    Future<Optional<String>> header = image(actorId, change.header(), "header");
    return Future.all(avatar, header, profiles.find(actorId)).compose(all -> {
      ActorProfile before = all.resultAt(2);
      String icon = avatar.result() == null ? avatarUrl : avatar.result().orElse(null);
      String headerUrl = header.result() == null ? before.headerUrl() : header.result().orElse(null);
      ActorProfile after = new ActorProfile(headerUrl, newFields == null ? before.fields() : newFields);
      List<String> keys = new ArrayList<>();
      for (String url : new String[] {icon, headerUrl}) {
        if (url != null && url.startsWith(localMediaPrefix)) {
          keys.add(url.substring(localMediaPrefix.length()));
        }
      }
      return actorUpdates.updateProfile(account.actor(), displayName, ProfileHtml.summary(bio), icon,
          tx -> accounts.setBio(tx, account.id(), bio)
              .compose(v -> accounts.setLanguages(tx, account.id(), postLanguage, uiLanguage))
              .compose(v -> profiles.save(tx, actorId, after))
              .compose(v -> media.useForProfile(tx, actorId, keys)));
    }).compose(actor -> accounts.findById(account.id())).map(Optional::orElseThrow);
  }

  /**
   * The URL of the upload a change names as avatar or header: null when the change leaves it
   * alone, empty when it clears it; 422 when the id is not the account's own image upload.
   */
  private Future<Optional<String>> image(long actorId, Optional<String> id, String which) {
    if (id.isEmpty()) {
      return Future.succeededFuture(null);
    }
    String raw = id.get().strip();
    if (raw.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    long mediaId;
    try {
      mediaId = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      return Future.failedFuture(new HttpError(422, "invalid_" + which, which + " is the id of an image you uploaded."));
    }
    return media.profileImage(actorId, mediaId).map(found -> Optional.of(mediaUrls.url(found.orElseThrow(() ->
        new HttpError(422, "invalid_" + which, which + " names no image of yours that a post has not taken.")))));
  }

  /**
   * Checks the current password, stores the new one, and ends every other session of the
   * account: whoever else knew the old password is signed out.
   */
  public Future<Void> changePassword(Principal principal, String current, String next, String ip) {
    try {
      AccountRules.password(next);
    } catch (HttpError e) {
      return Future.failedFuture(e);
    }
    return checkPassword(principal, current)
        .compose(ok -> hasher.hash(next))
        .compose(hash -> accounts.pool().withTransaction(tx -> accounts.setPasswordHash(tx, principal.accountId(), hash, true)
            .compose(v -> sessions.revokeAll(tx, principal.accountId(), principal.sessionId(), "password changed"))
            .compose(revoked -> audit.record(tx, new AuditEvent.New(AuditKind.PASSWORD_CHANGED, principal.accountId(), null,
                null, ip, new JsonObject().put("sessionsRevoked", revoked))))));
  }

  /** Succeeds when {@code password} is the account's password; 403 otherwise (the caller is signed in, so not 401). */
  public Future<Void> checkPassword(Principal principal, String password) {
    if (password == null || password.length() > AccountRules.MAX_PASSWORD) {
      return Future.failedFuture(wrongPassword());
    }
    return accounts.credentials(principal.accountId())
        .compose(found -> found.isEmpty() || found.get().passwordHash() == null ? Future.succeededFuture(false)
            : hasher.verify(password, found.get().passwordHash()))
        .compose(matches -> matches ? Future.succeededFuture() : Future.failedFuture(wrongPassword()));
  }

  private static HttpError wrongPassword() {
    return new HttpError(403, "wrong_password", "That is not your current password.");
  }
}
