package org.torg.server.processing.accounts;

import java.time.Duration;

/**
 * How long to refuse after repeated attempts: the first {@code free} go through, then each one
 * more doubles the wait from {@code first}, up to {@code max}.
 */
public record BackOff(int free, Duration first, Duration max) {

  /** Sign-in failures for one account (a password guesser spread over many addresses). */
  public static final BackOff SIGN_IN_PER_ACCOUNT = new BackOff(5, Duration.ofSeconds(2), Duration.ofMinutes(15));
  /** Sign-in failures from one address (one guesser trying many accounts). */
  public static final BackOff SIGN_IN_PER_ADDRESS = new BackOff(20, Duration.ofSeconds(2), Duration.ofMinutes(15));
  /** Registrations from one address, successful or not. */
  public static final BackOff REGISTRATION_PER_ADDRESS = new BackOff(5, Duration.ofMinutes(1), Duration.ofHours(1));

  /** The wait after {@code attempts} counted attempts; zero while they are free. */
  public Duration after(int attempts) {
    if (attempts <= free) {
      return Duration.ZERO;
    }
    int doublings = Math.min(attempts - free - 1, 30);
    Duration wait = first.multipliedBy(1L << doublings);
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
