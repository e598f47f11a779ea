package org.torg.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * An activity's object as it arrived: an id, and the embedded object when one was sent. An
 * embedded object is a claim by the sender, not a fact: trust it only where its id is on the
 * sender's host, otherwise fetch it from its origin (INTEROP §7).
 */
public record ObjectRef(String id, Optional<JsonObject> embedded) {

  /** Reads a property that is an id string or an object with an id; empty when neither. */
  public static Optional<ObjectRef> of(Object value) {
    if (value instanceof String s && !s.isBlank()) {
      return Optional.of(new ObjectRef(s, Optional.empty()));
    }
    if (value instanceof JsonObject o && o.getValue("id") instanceof String id && !id.isBlank()) {
      return Optional.of(new ObjectRef(id, Optional.of(o)));
    }
    return Optional.empty();
  }

  public Optional<String> embeddedType() {
    return embedded.map(o -> o.getValue("type")).filter(String.class::isInstance).map(String.class::cast);
  }
}
