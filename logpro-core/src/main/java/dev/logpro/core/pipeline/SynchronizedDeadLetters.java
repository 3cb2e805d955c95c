package dev.logpro.core.pipeline;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.DeadLetterQueue;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The dead-letter queue as the stages share it: decode workers add, the committing stage flushes. */
final class SynchronizedDeadLetters {
  private final DeadLetterQueue queue;
  private final AtomicLong count;

  SynchronizedDeadLetters(DeadLetterQueue queue, AtomicLong count) {
    this.queue = queue;
    this.count = count;
  }

  synchronized void add(List<DeadLetter> deadLetters) throws Exception {
    if (!deadLetters.isEmpty()) {
      queue.add(deadLetters);
      count.addAndGet(deadLetters.size());
    }
  }

  synchronized void flush() throws Exception {
    queue.flush();
  }
}
