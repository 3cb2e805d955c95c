package dev.logpro.core.config;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;

/** How a pipeline stops and keeps what it could not process (the dead-letter queue is the {@code dlq} component). */
@Doc("Delivery settings beside the dead-letter queue (reliability.dlq).")
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
