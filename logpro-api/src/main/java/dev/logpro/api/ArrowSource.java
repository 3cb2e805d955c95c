package dev.logpro.api;

import java.time.Duration;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A source that produces Arrow batches itself (Parquet files, database queries), so its data is never turned back
 * into bytes. The engine skips the decoder for it and calls {@link #pollBatch} instead of {@link Source#poll}.
 */
public interface ArrowSource {

  /**
   * The next batch allocated from {@code allocator}, an empty batch when nothing arrived within {@code timeout}, or
   * {@code null} once a bounded source is done. The caller owns and closes the returned batch.
   */
  Batch pollBatch(BufferAllocator allocator, Duration timeout) throws Exception;

  /**
   * What this source could not read since the last call (a damaged file), for the dead-letter queue. The engine takes
   * them after every {@link #pollBatch}, before the positions of that batch can be committed.
   */
  default List<DeadLetter> deadLetters() {
    return List.of();
  }
}
