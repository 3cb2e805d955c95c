package dev.logpro.core.pipeline;

import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.AllocationOutcome;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Makes the memory limit a wait, not a crash: an allocation that would pass the pipeline's limit blocks until a
 * downstream stage has released enough, then Arrow retries it. Only a stage that waits longer than {@code
 * patienceMillis} (one batch bigger than the whole budget, or every byte held by batches queued behind it) fails, and
 * the engine's message then names the setting to change.
 */
final class MemoryBackpressure implements AllocationListener {
  private final long patienceNanos;
  private final ThreadLocal<BooleanSupplier> mayWait = new ThreadLocal<>();
  private final ThreadLocal<Boolean> waitedInVain = ThreadLocal.withInitial(() -> false);
  private volatile BufferAllocator root;
  private long reserved;

  MemoryBackpressure(long patienceMillis) {
    this.patienceNanos = patienceMillis * 1_000_000L;
  }

  /** The allocator whose limit is the budget; set once it exists. */
  void watch(BufferAllocator root) {
    this.root = root;
  }

  /**
   * Runs {@code work} on this thread, letting its failed allocations wait only while {@code mayWait} holds. Work
   * that may not wait fails at once with Arrow's {@code OutOfMemoryException}, releasing what it held, and is retried
   * by its stage later: only the oldest chunk in flight waits, so the others can never starve it.
   */
  <T> T allocatingFor(BooleanSupplier mayWait, Callable<T> work) throws Exception {
    this.mayWait.set(mayWait);
    waitedInVain.set(false);
    try {
      return work.call();
    } finally {
      this.mayWait.remove();
    }
  }

  /** Whether this thread's last failed allocation had waited its full patience (rather than failing fast). */
  boolean waitedInVain() {
    return waitedInVain.get();
  }

  @Override
  public boolean onFailedAllocation(long size, AllocationOutcome outcome) {
    // Suppliers may take other locks (the sequencer's): they are asked outside this monitor, which every release of
    // Arrow memory takes (onRelease). Asked inside, a decoder waiting here for the sequencer, a decoder holding the
    // sequencer while the queue to the sink is full, and the sink releasing pages stalled one another for good.
    BooleanSupplier allowed = mayWait.get();
    if (allowed != null && !allowed.getAsBoolean()) {
      return false;
    }
    long deadline = System.nanoTime() + patienceNanos;
    try {
      synchronized (this) {
        while (root.getHeadroom() < size) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            waitedInVain.set(true);
            return false;
          }
          wait(Math.max(1, Math.min(50, left / 1_000_000)));
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Reserves {@code bytes} for work about to start, waiting until twice as much fits beside what is allocated and what
   * others reserved, unless {@code goAnyway} says the work must not wait (the oldest chunk in flight: the batches queued
   * behind it can only be released once it is done). Give the reservation back with {@link #release} when the work
   * has allocated what it needed.
   */
  long reserve(long bytes, BooleanSupplier goAnyway) throws InterruptedException {
    while (true) {
      boolean go = goAnyway.getAsBoolean(); // outside the monitor: see onFailedAllocation
      synchronized (this) {
        // Work that may wait also leaves as much again free for the oldest chunk, whose worker may not have reserved
        // yet: what is decoded ahead of it stays allocated until it is done, so without that room a slow worker on a
        // loaded machine could find nothing left and time out.
        if (go || root.getHeadroom() - reserved >= 2 * bytes) {
          reserved += bytes;
          return bytes;
        }
        wait(20);
      }
    }
  }

  /** Waits until {@code condition} holds (checked whenever memory is released, and every 20 ms). */
  void awaitUntil(BooleanSupplier condition) throws InterruptedException {
    while (!condition.getAsBoolean()) { // outside the monitor: see onFailedAllocation
      synchronized (this) {
        wait(20);
      }
    }
  }

  synchronized void release(long reservation) {
    reserved -= reservation;
    notifyAll();
  }

  @Override
  public synchronized void onRelease(long size) {
    notifyAll();
  }
}
