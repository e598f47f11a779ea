package org.torg.server.model;

import java.util.UUID;

/**
 * Who a request is from: a signed-in, active account, through one session. {@code secondFactorMissing}:
 * the account is staff, the instance requires two-factor sign-in of staff, and it has none yet, so
 * it acts as a citizen until it turns it on.
 */
public record Principal(Account account, UUID sessionId, String csrfToken, boolean secondFactorMissing) {

  public Principal(Account account, UUID sessionId, String csrfToken) {
    this(account, sessionId, csrfToken, false);
  }

  public long accountId() {
    return account.id();
  }

  public Role role() {
    return secondFactorMissing ? Role.CITIZEN : account.role();
  }
}
