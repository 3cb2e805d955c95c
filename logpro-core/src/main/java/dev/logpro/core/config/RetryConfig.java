package dev.logpro.core.config;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;

/** How transient failures (a locked or unavailable catalog, a commit conflict, an I/O timeout) are retried. */
@Doc("Retries of operations that fail for a reason that may pass; permanent errors fail at once.")
public record RetryConfig(
    @Doc("Attempts in all, the first included; 1 means no retry.") @Default("5") int max_attempts,
    @Doc("How the wait grows between attempts.") @Default("exponential") Backoff backoff,
    @Doc("Wait before the second attempt, in ms.") @Default("500") long initial_delay_ms,
    @Doc("Longest wait between two attempts, in ms.") @Default("30000") long max_delay_ms) {

  /** How waits grow. */
  public enum Backoff {
    EXPONENTIAL,
    FIXED
  }

  public RetryConfig {
    if (max_attempts < 1) {
      throw new IllegalArgumentException("max_attempts: must be at least 1");
    }
    if (initial_delay_ms < 0) {
      throw new IllegalArgumentException("initial_delay_ms: must not be negative");
    }
    if (max_delay_ms < initial_delay_ms) {
      throw new IllegalArgumentException("max_delay_ms: must not be less than initial_delay_ms");
    }
  }

  /**
   * The wait before attempt {@code attempt} (2 for the first retry), with up to 25% jitter either way so that
   * writers that failed together do not retry together.
   */
  public long delayMillis(int attempt, java.util.random.RandomGenerator random) {
    double base = backoff == Backoff.FIXED
        ? initial_delay_ms
        : Math.min(max_delay_ms, initial_delay_ms * Math.pow(2, Math.max(0, attempt - 2)));
    return Math.round(Math.min(max_delay_ms, base * (0.75 + 0.5 * random.nextDouble())));
  }
}
