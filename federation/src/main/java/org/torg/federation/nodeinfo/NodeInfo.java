package org.torg.federation.nodeinfo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a server says it runs, from its NodeInfo document (https://nodeinfo.diaspora.software/).
 *
 * @param softwareName lower case, e.g. {@code mastodon}, {@code lemmy}
 * @param softwareVersion as the server writes it ({@code 4.3.2}, {@code 0.19.5-rc.1}); empty when absent
 * @param protocols lower case ({@code activitypub}, …); empty when absent
 */
public record NodeInfo(String softwareName, Optional<String> softwareVersion, List<String> protocols) {

  /**
   * The schemas (1.0 to 2.2) allow {@code [a-z0-9-]}; some servers capitalise or add a space or
   * underscore, which costs nothing to tolerate. Anything longer or stranger is not a name.
   */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._ -]{0,63}");

  /** A version is only shown and stored; a longer one is cut rather than refused. */
  static final int MAX_VERSION_LENGTH = 100;

  public NodeInfo {
    softwareVersion = softwareVersion == null ? Optional.empty() : softwareVersion;
    protocols = List.copyOf(protocols);
  }

  /**
   * Reads a NodeInfo 1.x or 2.x document.
   *
   * @throws NodeInfoException INVALID_DOCUMENT without a usable {@code software.name}
   */
  public static NodeInfo parse(JsonObject document, String describedUrl) {
    Object software = document.getValue("software");
    if (!(software instanceof JsonObject softwareObject) || !(softwareObject.getValue("name") instanceof String rawName)) {
      throw new NodeInfoException(NodeInfoException.Reason.INVALID_DOCUMENT, describedUrl + " has no software.name");
    }
    String name = rawName.trim().toLowerCase(Locale.ROOT);
    if (!NAME.matcher(name).matches()) {
      throw new NodeInfoException(NodeInfoException.Reason.INVALID_DOCUMENT,
          describedUrl + " has an unusable software.name");
    }
    return new NodeInfo(name, version(softwareObject.getValue("version")), protocols(document.getValue("protocols")));
  }

  private static Optional<String> version(Object value) {
    // Numbers happen ("version": 2): the schema wants a string, the meaning is the same.
    String text = value instanceof String s ? s.trim() : value instanceof Number n ? n.toString() : "";
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(text.length() > MAX_VERSION_LENGTH ? text.substring(0, MAX_VERSION_LENGTH) : text);
  }

  /** 2.x: an array of names. 1.x: {@code {inbound: [...], outbound: [...]}}. */
  private static List<String> protocols(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray array) {
      addNames(array, out);
    } else if (value instanceof JsonObject directions) {
      for (String direction : List.of("inbound", "outbound")) {
        if (directions.getValue(direction) instanceof JsonArray array) {
          addNames(array, out);
        }
      }
    }
    return out;
  }

  private static void addNames(JsonArray array, List<String> out) {
    for (Object item : array) {
      if (item instanceof String name && !name.isBlank()) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        if (!out.contains(lower)) {
          out.add(lower);
        }
      }
    }
  }
}
