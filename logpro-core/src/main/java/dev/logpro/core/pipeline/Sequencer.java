package dev.logpro.core.pipeline;

import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;

/**
 * Puts the results of parallel workers back into source order, so positions are committed in order. A worker whose
 * result is more than {@code window} ahead of the oldest missing one waits: memory stays bounded even when one chunk
 * takes much longer than the others.
 */
final class Sequencer {
  private final BlockingQueue<Item> out;
  private final int window;
  private final TreeMap<Long, Item> pending = new TreeMap<>();
  private long next;

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
    if (sequence < next) {
      return; // an End already emitted by another worker
    }
    try {
      while (sequence >= next + window) {
        wait();
      }
    } catch (InterruptedException e) {
      close(item);
      throw e;
    }
    pending.put(sequence, item);
    while (!pending.isEmpty() && pending.firstKey() == next) {
      out.put(pending.firstEntry().getValue()); // removed only once handed on: an interrupted put leaves it here
      pending.pollFirstEntry();
      next++;
      notifyAll();
    }
  }

  /** Whether {@code sequence} is the oldest item not yet emitted. */
  synchronized boolean isNext(long sequence) {
    return sequence == next;
  }

  /** Closes whatever was never emitted (after a failure). */
  synchronized void discard() {
    pending.values().forEach(Sequencer::close);
    pending.clear();
  }

  static void close(Item item) {
    if (item instanceof Item.Rows rows) {
      rows.batch().close();
    }
  }
}
