package dev.logpro.core.pipeline;

/** The state of one pipeline, moved forward by the engine and read from any thread. */
final class Lifecycle {
  private volatile PipelineState state = PipelineState.INIT;
  private volatile boolean stopRequested;
  private volatile long stopRequestedNanos;

  PipelineState state() {
    return state;
  }

  synchronized void moveTo(PipelineState next) {
    if (next.ordinal() > state.ordinal()) {
      state = next;
    }
  }

  /** Asks the source to read no more; what is in flight is still written and committed. */
  void requestStop() {
    if (!stopRequested) {
      stopRequestedNanos = System.nanoTime();
    }
    stopRequested = true;
    if (state == PipelineState.RUNNING) {
      moveTo(PipelineState.STOPPING);
    }
  }

  boolean stopRequested() {
    return stopRequested;
  }

  /** How long ago the stop was asked for, in nanoseconds; 0 if it was not. */
  long nanosSinceStopRequest() {
    return stopRequested ? System.nanoTime() - stopRequestedNanos : 0;
  }
}
