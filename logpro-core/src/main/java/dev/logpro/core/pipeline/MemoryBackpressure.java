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
  private volatile BufferAllocator root;

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
    try {
      return work.call();
    } finally {
      this.mayWait.remove();
    }
  }

  @Override
  public synchronized boolean onFailedAllocation(long size, AllocationOutcome outcome) {
    BooleanSupplier allowed = mayWait.get();
    if (allowed != null && !allowed.getAsBoolean()) {
      return false;
    }
    long deadline = System.nanoTime() + patienceNanos;
    try {
      while (root.getHeadroom() < size) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, Math.min(50, left / 1_000_000)));
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits until {@code bytes} fit under the limit, or {@code stopWaiting} says to go on anyway (the oldest chunk in
   * flight must always proceed, or the batches queued behind it could never be released).
   */
  synchronized void awaitHeadroom(long bytes, BooleanSupplier stopWaiting) throws InterruptedException {
    while (root.getHeadroom() < bytes && !stopWaiting.getAsBoolean()) {
      wait(20);
    }
  }

  @Override
  public synchronized void onRelease(long size) {
    notifyAll();
  }
}
