package dev.logpro.cli;

import dev.logpro.core.config.ObservabilityConfig;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunStats;
import java.io.Console;
import java.util.Locale;

/** A one-line progress display on standard error, redrawn every second while a run works. */
final class Progress {
  private final Thread thread;

  private Progress(Thread thread) {
    this.thread = thread;
  }

  static Progress start(Pipeline pipeline, ObservabilityConfig.Progress mode) {
    boolean show = mode == ObservabilityConfig.Progress.ALWAYS
        || (mode == ObservabilityConfig.Progress.AUTO && isTerminal());
    if (!show) {
      return new Progress(null);
    }
    String unit = Summary.splitName(pipeline);
    Thread thread = new Thread(() -> draw(pipeline.stats(), unit), "logpro-progress");
    thread.setDaemon(true);
    thread.start();
    return new Progress(thread);
  }

  private static void draw(RunStats stats, String unit) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(1000);
        double seconds = stats.elapsedNanos() / 1e9;
        System.err.printf(Locale.ROOT, "\r  %d %ss  %,d rows  %,d dead  %.1f MB/s  %.0f s   ", stats.sources(), unit,
            stats.rowsRead(), stats.deadLetters(), stats.bytesRead() / 1048576.0 / seconds, seconds);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void stop() {
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      System.err.print("\r\033[K");
    }
  }

  /** Whether standard error is a terminal: a console exists, and on JDK 22+ it says it is a terminal. */
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
