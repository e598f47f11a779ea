package org.torg.server.model;

import java.time.Instant;
import java.util.Optional;

/**
 * A thread: a root post and its replies. {@code uri} is its context id (FEP-7888). Torg's own
 * threads have a hosting Group; a remote conversation someone here joined has none.
 */
public record DiscussionThread(
    long id,
    String uri,
    Optional<Long> groupId,
    Optional<Long> rootPostId,
    String title,
    boolean local,
    Instant createdAt,
    Instant lastActivityAt,
    int replyCount) {}
