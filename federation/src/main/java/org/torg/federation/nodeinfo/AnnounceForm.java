package org.torg.federation.nodeinfo;

import java.util.Locale;
import java.util.Map;

/**
 * How a Group shares a post with followers on a given server (FEP-1b12, INTEROP.md §4), chosen
 * from that server's NodeInfo {@code software.name}.
 *
 * <p>Evidence, from each project's inbox code:
 * <ul>
 *   <li>lemmy: {@code AnnounceActivity.object} is {@code IdOrNestedObject<RawAnnouncableActivities>};
 *       an id is dereferenced and must parse as an activity (it needs {@code actor}), so a Note's id
 *       fails, and an announced Page is refused outright ({@code CannotReceivePage}). Lemmy needs
 *       the activity (or the id of a fetchable activity); it never takes an object id.
 *   <li>piefed: {@code process_inbox_request} unwraps {@code Announce(activity)} into the core
 *       activity; a bare URI is resolved as a post too ("PeerTube, a.gup.pe"). Both work; only the
 *       activity carries Update, Delete and Like.
 *   <li>nodebb: {@code inbox.announce} handles {@code Announce(Create|Update|Delete|Like)} and
 *       {@code Announce(Note)}; its {@code resolveObjects} middleware fetches a bare id first. Both
 *       work; only the activity carries edits, deletions and likes.
 *   <li>friendica: {@code Receiver} unwraps an Announce of an activity from a Group ("Lemmy
 *       announces activities"); an announced post id is a plain reshare. Both work.
 *   <li>mbin, kbin: {@code ActivityHandler} unwraps an Announce whose object is an array (the
 *       activity); a string object is a boost. Both work.
 *   <li>discourse (ActivityPub plugin): {@code AP::Activity::Announce#process} processes a wrapped
 *       activity and discards the Announce, citing FEP-1b12.
 * </ul>
 *
 * <p>Everything else, unknown software included, gets {@link #OBJECT_ID}: Mastodon and its forks,
 * Misskey and its forks, Pleroma/Akkoma, GoToSocial, Hollo… are most of the fediverse, and they
 * read an Announce's object as the post being shared: an embedded Create is looked up by its id,
 * which names no post, and the share is lost (mastodon/mastodon#18069). A server that knows
 * FEP-1b12 but is missing here still reads {@code Announce(object id)}, as most do (see above):
 * the object id is the form that fails least.
 */
public enum AnnounceForm {

  /** {@code Announce} whose object is the id of the shared post. */
  OBJECT_ID,

  /** {@code Announce} whose object is the original activity (Create, Update, Delete, Like…), unmodified. */
  ACTIVITY;

  private static final Map<String, AnnounceForm> BY_SOFTWARE = Map.of(
      "lemmy", ACTIVITY,
      "piefed", ACTIVITY,
      "nodebb", ACTIVITY,
      "friendica", ACTIVITY,
      "mbin", ACTIVITY,
      "kbin", ACTIVITY,
      "discourse", ACTIVITY);

  /** @param softwareName NodeInfo {@code software.name}, any case; null for a server never identified */
  public static AnnounceForm forSoftware(String softwareName) {
    if (softwareName == null) {
      return OBJECT_ID;
    }
    return BY_SOFTWARE.getOrDefault(softwareName.trim().toLowerCase(Locale.ROOT), OBJECT_ID);
  }
}
