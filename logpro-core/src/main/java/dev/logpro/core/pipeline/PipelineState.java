package dev.logpro.core.pipeline;

/** Where a pipeline is in its life. It only moves forward. */
public enum PipelineState {
  /** Built, nothing opened. */
  INIT,
  /** Opening the sink, restoring positions, opening the source. */
  OPEN,
  /** Moving rows. */
  RUNNING,
  /** Asked to stop: the source reads no more. */
  STOPPING,
  /** Finishing what is in flight: writing, flushing, committing. */
  DRAINING,
  /** Everything closed and released. */
  CLOSED
}
