package org.torg.server.http.pages;

import java.util.Locale;
import java.util.Optional;
import org.torg.server.model.Principal;
import org.torg.server.model.Role;

/** Who a page is for and in which language. */
public record PageRequest(Locale locale, Optional<Principal> viewer, String path) {

  public boolean moderator() {
    return viewer.map(p -> p.role().moderatesInstance()).orElse(false);
  }

  public boolean admin() {
    return viewer.map(p -> p.role() == Role.ADMIN).orElse(false);
  }

  /** Whether the signed-in viewer is the actor with this id. */
  public boolean is(long actorId) {
    return viewer.map(p -> p.account().actor().id() == actorId).orElse(false);
  }
}
