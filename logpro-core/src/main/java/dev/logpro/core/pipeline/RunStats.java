package dev.logpro.core.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Live counters of a run, updated by the stages and read by progress displays. */
public final class RunStats {
  final AtomicLong bytesRead = new AtomicLong();
  final AtomicLong rowsRead = new AtomicLong();
  final AtomicLong rowsWritten = new AtomicLong();
  final AtomicLong deadLetters = new AtomicLong();
  final AtomicLong commits = new AtomicLong();
  final AtomicLong filesCommitted = new AtomicLong();
  final AtomicReference<String> lastCommitId = new AtomicReference<>();
  final Set<String> sources = ConcurrentHashMap.newKeySet();
  final long startNanos = System.nanoTime();

  public long bytesRead() {
    return bytesRead.get();
  }

  public long rowsRead() {
    return rowsRead.get();
  }

  public long rowsWritten() {
    return rowsWritten.get();
  }

  public long deadLetters() {
    return deadLetters.get();
  }

  public long commits() {
    return commits.get();
  }

  public long sources() {
    return sources.size();
  }

  public long elapsedNanos() {
    return System.nanoTime() - startNanos;
  }
}
