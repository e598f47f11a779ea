package org.torg.server.model;

import java.util.UUID;

/** Who a request is from: a signed-in, active account, through one session. */
public record Principal(Account account, UUID sessionId, String csrfToken) {

  public long accountId() {
    return account.id();
  }

  public Role role() {
    return account.role();
  }
}
