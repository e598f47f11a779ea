package org.torg.server.model;

import java.time.Instant;
import java.util.Optional;

/**
 * A local account with its Person actor. The password hash is deliberately not here: it is read
 * only where a password is checked ({@code AccountRepository.Credentials}), so no code that
 * shows an account can leak it.
 */
public record Account(
    long id,
    Actor actor,
    Optional<String> email,
    String bio,
    Role role,
    AccountState state,
    Optional<String> registrationReason,
    Instant createdAt,
    // README "Profile and settings": null when the account has not chosen.
    String defaultLanguage,
    String uiLanguage) {

  public Account(long id, Actor actor, Optional<String> email, String bio, Role role, AccountState state,
      Optional<String> registrationReason, Instant createdAt) {
    this(id, actor, email, bio, role, state, registrationReason, createdAt, null, null);
  }

  public String username() {
    return actor.username();
  }

  public boolean active() {
    return state == AccountState.ACTIVE;
  }
}
