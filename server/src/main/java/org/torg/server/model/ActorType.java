package org.torg.server.model;

/** The ActivityStreams actor types Torg stores; the names are the wire names. */
public enum ActorType {
  Person, Group, Application, Service, Organization;

  public static java.util.Optional<ActorType> fromWire(String type) {
    for (ActorType t : values()) {
      if (t.name().equals(type)) {
        return java.util.Optional.of(t);
      }
    }
    return java.util.Optional.empty();
  }
}
