package dev.logpro.core.pipeline;

import dev.logpro.api.Acknowledging;
import dev.logpro.api.Position;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Carries commits from the thread that makes them to the source's own thread, which acknowledges them between polls
 * in commit order ({@link Acknowledging}). Once the source is done reading, its thread waits here until the engine's
 * last commit, acknowledging as they come.
 */
final class Acknowledgements {
  private final Deque<Map<String, Position>> pending = new ArrayDeque<>();
  private boolean finished;

  /** A commit landed, covering {@code positions}. */
  synchronized void committed(Map<String, Position> positions) {
    pending.add(Map.copyOf(positions));
    notifyAll();
  }

  /** No commit will follow: the engine made its last one, or failed. */
  synchronized void finish() {
    finished = true;
    notifyAll();
  }

  /** Acknowledges, on the calling (source) thread, every commit made since the last call. */
  void deliver(Acknowledging source) throws Exception {
    while (true) {
      Map<String, Position> next;
      synchronized (this) {
        next = pending.poll();
      }
      if (next == null) {
        return;
      }
      source.acknowledge(next);
    }
  }

  /** Acknowledges commits as they come until {@link #finish}, then whatever is left. */
  void deliverUntilFinished(Acknowledging source) throws Exception {
    while (true) {
      deliver(source);
      synchronized (this) {
        if (pending.isEmpty()) {
          if (finished) {
            return;
          }
          wait(100);
        }
      }
    }
  }
}
