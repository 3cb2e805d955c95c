package dev.logpro.core.config;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;

/**
 * How a pipeline stops and retries. The dead-letter queue ({@code reliability.dlq}) and the checkpoint store
 * ({@code reliability.checkpoint_store}) sit beside these settings as components of their own.
 */
@Doc("Delivery settings beside the dead-letter queue (reliability.dlq) and the checkpoint store"
    + " (reliability.checkpoint_store).")
public record ReliabilityConfig(
    @Doc("After SIGTERM or stop(), how long to keep writing what is already in flight before committing what was"
            + " written and exiting; batches not written by then are read again by the next run.")
        @Default("30")
        int drain_timeout_s,
    @Doc("Retries of transient failures.") RetryConfig retry) {

  public ReliabilityConfig {
    if (drain_timeout_s < 0) {
      throw new IllegalArgumentException("drain_timeout_s: must not be negative");
    }
  }
}
