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
    @Doc("Retries of transient failures.") RetryConfig retry,
    @Doc("Where positions are kept for sinks that cannot commit them with their data (stdout): none starts such a"
            + " pipeline over on every run; local keeps them in checkpoint_dir, saved after each flush (at least"
            + " once). Sinks that commit positions themselves (iceberg) ignore it.")
        @Default("none")
        CheckpointStoreType checkpoint_store,
    @Doc("Directory of the local checkpoint store, one file per pipeline.") @Default("./checkpoints")
        String checkpoint_dir) {

  /** The kinds of checkpoint store. */
  public enum CheckpointStoreType {
    NONE,
    LOCAL
  }

  public ReliabilityConfig {
    if (drain_timeout_s < 0) {
      throw new IllegalArgumentException("drain_timeout_s: must not be negative");
    }
  }
}
