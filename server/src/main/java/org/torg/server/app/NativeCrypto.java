package org.torg.server.app;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.amazon.corretto.crypto.provider.SelfTestStatus;
import java.security.Provider;
import java.security.Security;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amazon Corretto Crypto Provider (native AWS-LC) as the first JCA provider, so that every
 * {@code Signature}, {@code KeyFactory}, {@code MessageDigest} and {@code Mac} it offers runs
 * natively when Torg asks for it by name (HTTP signatures, digests, session tokens): signing and
 * verifying RSA is most of federation's CPU. From 2.5 it also has Ed25519 on Java 17, which
 * {@code Ed25519Signatures} (integrity proofs, Ed25519 HTTP signatures) then uses instead of
 * Bouncy Castle. Where it cannot load (another CPU, a libc it was not built for) or
 * fails its self-tests, the JDK's providers stay first and the reason is logged once.
 */
public final class NativeCrypto {

  private static final Logger LOG = LoggerFactory.getLogger(NativeCrypto.class);

  /** What is in use: the native provider (and its version) or the JDK's, with the reason. */
  public record Status(boolean nativeProvider, String provider, Optional<String> unavailableBecause) {}

  private static Status status;

  private NativeCrypto() {}

  /**
   * Installs the provider once per JVM (later calls return the first outcome): JCA providers are
   * global, and several Torgs in one test JVM share them.
   */
  public static synchronized Status install() {
    if (status == null) {
      status = tryInstall();
      if (status.nativeProvider()) {
        LOG.info("native crypto: {} is the first provider (RSA, ECDSA, SHA-2, HMAC, Ed25519)", status.provider());
      } else {
        LOG.warn("native crypto unavailable ({}): using the JDK's providers, which sign and verify RSA several"
            + " times slower", status.unavailableBecause().orElse("unknown"));
      }
    }
    return status;
  }

  private static Status tryInstall() {
    String jdk = Security.getProviders()[0].getName();
    try {
      AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
      Throwable loading = accp.getLoadingError();
      if (loading != null) {
        return new Status(false, jdk, Optional.of(oneLine(loading)));
      }
      SelfTestStatus selfTests = accp.runSelfTests();
      if (selfTests != SelfTestStatus.PASSED) {
        return new Status(false, jdk, Optional.of("self-tests " + selfTests));
      }
      AmazonCorrettoCryptoProvider.install();
      Provider first = Security.getProviders()[0];
      if (!first.getName().equals(AmazonCorrettoCryptoProvider.PROVIDER_NAME)) {
        return new Status(false, jdk, Optional.of("installed but not first: " + first.getName()));
      }
      return new Status(true, first.getName() + " " + accp.getVersionStr(), Optional.empty());
    } catch (LinkageError | RuntimeException e) {
      return new Status(false, jdk, Optional.of(oneLine(e)));
    }
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ");
  }
}
