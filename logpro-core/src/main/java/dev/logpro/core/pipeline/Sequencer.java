package dev.logpro.core.pipeline;

import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Puts the results of parallel workers back into source order, so positions are committed in order. A worker whose
 * result is more than {@code window} ahead of the oldest missing one waits: memory stays bounded even when one chunk
 * takes much longer than the others.
 *
 * <p>Handing on waits for room in the queue while holding this sequencer, so that items leave in order; it looks
 * every {@value #RECHECK_MILLIS} ms whether {@link #discard} was called, so a pipeline that stopped reading (its sink
 * failed) can always close it, even if the worker was never interrupted.
 */
final class Sequencer {
  private static final long RECHECK_MILLIS = 100;

  private final BlockingQueue<Item> out;
  private final int window;
  private final TreeMap<Long, Item> pending = new TreeMap<>();
  private long next;
  private volatile boolean discarded;

  Sequencer(BlockingQueue<Item> out, int window) {
    this.out = out;
    this.window = window;
  }

  /**
   * Hands over {@code item}, and with it the duty to close it, even when interrupted; emits it and any that follow
   * once every earlier one has been emitted.
   */
  synchronized void deliver(Item item) throws InterruptedException {
    long sequence = item.sequence();
    if (discarded) {
      close(item);
      return;
    }
    if (sequence < next) {
      return; // an End already emitted by another worker
    }
    try {
      while (sequence >= next + window && !discarded) {
        wait(RECHECK_MILLIS);
      }
    } catch (InterruptedException e) {
      close(item);
      throw e;
    }
    pending.put(sequence, item);
    while (!pending.isEmpty() && pending.firstKey() == next && !discarded) {
      // Removed only once handed on: an interrupted or abandoned hand-over leaves it here for discard to close.
      if (out.offer(pending.firstEntry().getValue(), RECHECK_MILLIS, TimeUnit.MILLISECONDS)) {
        pending.pollFirstEntry();
        next++;
        notifyAll();
      }
    }
    if (discarded) {
      discardPending();
    }
  }

  /** Whether {@code sequence} is the oldest item not yet emitted. */
  synchronized boolean isNext(long sequence) {
    return sequence == next;
  }

  /**
   * Closes whatever was never emitted (after a failure), and whatever is delivered from now on. Returns within about
   * {@value #RECHECK_MILLIS} ms even while a worker waits for room in the queue.
   */
  void discard() {
    discarded = true;
    synchronized (this) {
      notifyAll();
      discardPending();
    }
  }

  private void discardPending() {
    pending.values().forEach(Sequencer::close);
    pending.clear();
  }

  static void close(Item item) {
    if (item instanceof Item.Rows rows) {
      rows.batch().close();
    }
  }
}
