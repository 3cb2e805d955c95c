package dev.logpro.iceberg;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs one task per column on the calling thread and up to {@code threads - 1} helpers from a pool shared by all
 * sinks, and returns when every task has finished: the caller's batch stays valid throughout. Tasks are claimed
 * from a shared counter in order, so columns listed largest first balance by themselves. A helper that has not
 * started when the caller runs out of tasks is skipped rather than waited for; one that has started is waited for,
 * even through an interrupt, since it may be reading the batch.
 */
final class ColumnTasks {

  private static final ExecutorService HELPERS = helpers(Runtime.getRuntime().availableProcessors() - 1);

  private static final int PENDING = 0;
  private static final int RUNNING = 1;
  private static final int SKIPPED = 2;

  private final int threads;

  /** {@code threads} is the caller plus helpers; 1 runs everything on the caller. */
  ColumnTasks(int threads) {
    this.threads = Math.max(1, threads);
  }

  int threads() {
    return HELPERS == null ? 1 : threads;
  }

  /** Runs {@code task} for 0 .. {@code count - 1}, in parallel when {@code parallel} and threads allow. */
  void run(int count, boolean parallel, IntConsumer task) {
    int helpers = parallel ? Math.min(threads() - 1, count - 1) : 0;
    if (helpers <= 0) {
      for (int i = 0; i < count; i++) {
        task.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Throwable[] failure = new Throwable[1];
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        task.accept(i);
      }
    };
    Future<?>[] started = new Future<?>[helpers];
    AtomicInteger[] states = new AtomicInteger[helpers]; // PENDING, then RUNNING or SKIPPED, whoever is first
    for (int h = 0; h < helpers; h++) {
      AtomicInteger state = states[h] = new AtomicInteger(PENDING);
      started[h] = HELPERS.submit(() -> {
        if (!state.compareAndSet(PENDING, RUNNING)) {
          return;
        }
        try {
          worker.run();
        } catch (Throwable t) {
          next.set(count); // nobody claims more work
          throw t;
        }
      });
    }
    try {
      worker.run();
    } catch (Throwable t) {
      next.set(count);
      failure[0] = t;
    }
    boolean interrupted = false;
    for (int h = 0; h < helpers; h++) {
      if (states[h].compareAndSet(PENDING, SKIPPED)) {
        continue;
      }
      while (true) {
        try {
          started[h].get();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // keep waiting: the helper reads the caller's batch
        } catch (ExecutionException e) {
          if (failure[0] == null) {
            failure[0] = e.getCause();
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure[0] instanceof RuntimeException r) {
      throw r;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
    if (failure[0] != null) {
      throw new IllegalStateException("Cannot write column: " + failure[0].getMessage(), failure[0]);
    }
  }

  private static ExecutorService helpers(int count) {
    if (count < 1) {
      return null;
    }
    AtomicInteger ids = new AtomicInteger();
    return Executors.newFixedThreadPool(count, runnable -> {
      Thread thread = new Thread(runnable, "logpro-parquet-" + ids.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }
}
