package dev.logpro.iceberg;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.arrow.memory.AllocationReservation;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The memory open data files may hold, inside the pipeline's one budget ({@code processing.memory_limit_mb}). Their
 * Parquet pages are Arrow memory already ({@link PageMemory}); the Java heap their writers hold (dictionaries, page
 * arrays: {@link HeapHolder}) is reserved in the same allocator, a MiB at a time, so the budget sees it too and the
 * decode stages wait for it. Open files may hold a quarter of the budget; past that the sink frees memory itself
 * ({@link PartitionedWriters}): it must not wait for memory, since what it holds is freed only by writing.
 */
final class OpenFilesMemory implements AutoCloseable {
  private static final long UNIT = 1L << 20;

  private final BufferAllocator allocator;
  private final long limit;
  private final Deque<AllocationReservation> reserved = new ArrayDeque<>();

  /**
   * Open files may hold a quarter of the budget: the engine gives the sink half of it for itself, and the other
   * quarter is for what writing needs on the way (a row group being written out re-encodes and compresses its pages,
   * batches being fitted to the table).
   */
  OpenFilesMemory(BufferAllocator allocator) {
    this(allocator, allocator.getLimit() / 4);
  }

  OpenFilesMemory(BufferAllocator allocator, long limit) {
    this.allocator = allocator;
    this.limit = limit;
  }

  /** The most open files may hold, pages and heap together. */
  long limit() {
    return limit;
  }

  /** Reserves {@code heapBytes} (rounded up to a MiB) in the budget; false if the budget has no room for it. */
  boolean cover(long heapBytes) {
    long units = (heapBytes + UNIT - 1) / UNIT;
    while (reserved.size() > units) {
      reserved.pop().close();
    }
    while (reserved.size() < units) {
      AllocationReservation unit = allocator.newReservation();
      if (!unit.add(UNIT)) {
        unit.close();
        return false;
      }
      reserved.push(unit);
    }
    return true;
  }

  /** Bytes reserved for heap now. */
  long reservedBytes() {
    return reserved.size() * UNIT;
  }

  @Override
  public void close() {
    cover(0);
  }
}
