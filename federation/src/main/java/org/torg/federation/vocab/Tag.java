package org.torg.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code tag} entry of a post that Torg uses: mentions (notifications, reply addressing),
 * hashtags and custom emoji. Other tag types (Lemmy's CommunityPostTag, Misskey extensions) are
 * skipped. {@code tag} arrives as an array or, from Kroeg and some others, as a single object.
 */
public sealed interface Tag {

  /** A mentioned actor: {@code href} is its id, {@code name} usually {@code @user@host} (may be null). */
  record Mention(String href, String name) implements Tag {}

  /** A hashtag: {@code name} as sent (usually with its {@code #}); {@code href} may be null. */
  record Hashtag(String name, String href) implements Tag {}

  /** A custom emoji: {@code name} is the shortcode with its colons, {@code iconUrl} the image. */
  record Emoji(String name, String iconUrl) implements Tag {}

  /** The tags of a {@code tag} value, at most {@code cap}; entries without what they need are skipped. */
  static List<Tag> readAll(Object value, int cap) {
    List<Tag> out = new ArrayList<>();
    for (Object element : PropertyValues.values(value)) {
      if (out.size() == cap) {
        break;
      }
      if (element instanceof JsonObject json) {
        Tag tag = read(json);
        if (tag != null) {
          out.add(tag);
        }
      }
    }
    return List.copyOf(out);
  }

  private static Tag read(JsonObject json) {
    String type = PropertyValues.typeOf(json);
    if (type == null) {
      return null;
    }
    String name = PropertyValues.text(json, "name");
    // JSON-LD compaction against a context that lacks the term yields the prefixed spelling.
    return switch (type) {
      case "Mention", "as:Mention" -> mention(PropertyValues.href(json.getValue("href")), name);
      case "Hashtag", "as:Hashtag" -> name == null ? null : new Hashtag(name, PropertyValues.href(json.getValue("href")));
      case "Emoji", "toot:Emoji" -> emoji(name, json.getValue("icon"));
      default -> null;
    };
  }

  private static Tag mention(String href, String name) {
    return href == null ? null : new Mention(href, name);
  }

  private static Tag emoji(String name, Object icon) {
    String iconUrl = icon instanceof JsonObject image ? PropertyValues.href(image) : null;
    return name == null || iconUrl == null ? null : new Emoji(name, iconUrl);
  }
}
