package org.torg.server.model;

import java.time.Instant;
import java.util.Optional;

/** An actor as Torg stores it, local or remote. */
public record Actor(
    long id,
    String uri,
    boolean local,
    ActorType type,
    String username,
    String host,
    String displayName,
    String summary,
    String url,
    String inbox,
    String sharedInbox,
    String outbox,
    String followersUrl,
    String followingUrl,
    boolean manuallyApprovesFollowers,
    String iconUrl,
    boolean awaitingApproval,
    Instant published,
    Optional<Instant> fetchedAt,
    Optional<Instant> deletedAt) {

  /** Where deliveries for this actor go: its server's shared inbox when it has one. */
  public String deliveryInbox() {
    return sharedInbox != null && !sharedInbox.isBlank() ? sharedInbox : inbox;
  }

  public String handle() {
    return "@" + username + "@" + host;
  }

  public boolean deleted() {
    return deletedAt.isPresent();
  }

  /** Whether Torg shows this actor to others: a registration still waiting for approval is not shown. */
  public boolean served() {
    return !awaitingApproval;
  }
}
