package org.torg.server.model;

import java.util.List;

/**
 * What a profile adds to its actor row: the header image ({@code image} in ActivityPub) and the
 * fields ({@code attachment} of PropertyValue). Local actors' come from their settings, remote
 * actors' from their documents, sanitized.
 */
public record ActorProfile(String headerUrl, List<ProfileField> fields) {

  public static final ActorProfile EMPTY = new ActorProfile(null, List.of());

  public ActorProfile {
    fields = List.copyOf(fields);
  }
}
