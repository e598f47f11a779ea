package org.torg.server.processing.accounts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.torg.server.config.TorgConfig.PasswordHashCost;

/**
 * Argon2id password hashes (RFC 9106, Bouncy Castle) in the PHC string format that libsodium,
 * argon2-cffi and others share: {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}. The cost
 * travels in the string, so a raised cost still verifies old hashes ({@link #outdated} says
 * when to rehash). Hashing is memory-hard CPU work: it runs on its own worker pool, one thread
 * per core, which also bounds the memory in use to cores × memory cost.
 */
public final class PasswordHasher {

  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PasswordHashCost cost;
  private final WorkerExecutor executor;
  /** Checked against when the account does not exist, so the answer takes as long either way. */
  private final String decoy;

  public PasswordHasher(Vertx vertx, PasswordHashCost cost) {
    this.cost = cost;
    this.executor = vertx.createSharedWorkerExecutor("torg-password-hash", Math.max(1, Runtime.getRuntime().availableProcessors()));
    this.decoy = hashNow("decoy password that no account has", cost);
  }

  public Future<String> hash(String password) {
    return executor.executeBlocking(() -> hashNow(password, cost), false);
  }

  /** True when the password matches; false for a wrong password or a hash this class did not write. */
  public Future<Boolean> verify(String password, String phc) {
    return executor.executeBlocking(() -> verifyNow(password, phc), false);
  }

  /** Spends the time of a real check, for a sign-in with an unknown name. Always false. */
  public Future<Boolean> verifyDecoy(String password) {
    return verify(password, decoy).map(false);
  }

  /** Whether the hash was made with another cost than the configured one. */
  public boolean outdated(String phc) {
    Matcher m = PHC.matcher(phc);
    return !m.matches() || Integer.parseInt(m.group(1)) != cost.memoryKib()
        || Integer.parseInt(m.group(2)) != cost.iterations() || Integer.parseInt(m.group(3)) != cost.parallelism();
  }

  public Future<Void> close() {
    return executor.close();
  }

  static String hashNow(String password, PasswordHashCost cost) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = argon2(password, salt, cost.memoryKib(), cost.iterations(), cost.parallelism(), HASH_BYTES);
    return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
        + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  static boolean verifyNow(String password, String phc) {
    Matcher m = phc == null ? null : PHC.matcher(phc);
    if (m == null || !m.matches()) {
      return false;
    }
    byte[] salt = B64_DECODE.decode(m.group(4));
    byte[] expected = B64_DECODE.decode(m.group(5));
    byte[] actual = argon2(password, salt, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)), expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
