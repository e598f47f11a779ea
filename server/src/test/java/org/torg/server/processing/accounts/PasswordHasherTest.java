package org.torg.server.processing.accounts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.torg.server.config.TorgConfig.PasswordHashCost;

@ExtendWith(VertxExtension.class)
class PasswordHasherTest {

  private static final PasswordHashCost CHEAP = new PasswordHashCost(64, 1, 1);

  /** The Argon2 reference implementation's own test vector (src/test.c): our PHC strings are the standard ones. */
  @Test
  void verifiesTheReferenceImplementationsArgon2idVector() {
    String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    assertTrue(PasswordHasher.verifyNow("password", reference));
    assertFalse(PasswordHasher.verifyNow("passwore", reference));
  }

  @Test
  void hashesAreSaltedPhcStringsThatVerifyOnlyTheirPassword(Vertx vertx) {
    PasswordHasher hasher = new PasswordHasher(vertx, CHEAP);
    String first = hasher.hash("correct horse").await();
    String second = hasher.hash("correct horse").await();
    assertTrue(Pattern.matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}", first), first);
    assertNotEquals(first, second, "a fresh salt each time");
    assertTrue(hasher.verify("correct horse", first).await());
    assertFalse(hasher.verify("correct horse!", first).await());
    assertFalse(hasher.verify("correct horse", "not a hash").await());
    assertFalse(hasher.verify("correct horse", null).await());
    assertFalse(hasher.verifyDecoy("anything at all").await());
  }

  @Test
  void aHashOfAnotherCostStillVerifiesAndIsMarkedForRehash(Vertx vertx) {
    String older = PasswordHasher.hashNow("pass phrase", new PasswordHashCost(32, 1, 1));
    PasswordHasher hasher = new PasswordHasher(vertx, CHEAP);
    assertTrue(hasher.verify("pass phrase", older).await());
    assertTrue(hasher.outdated(older));
    assertFalse(hasher.outdated(hasher.hash("pass phrase").await()));
  }
}
