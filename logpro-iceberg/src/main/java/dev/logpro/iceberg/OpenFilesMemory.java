package dev.logpro.iceberg;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.arrow.memory.AllocationReservation;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The memory open data files may hold, inside the pipeline's one budget ({@code processing.memory_limit_mb}). Their
 * Parquet pages are Arrow memory already ({@link PageMemory}); the Java heap their writers hold (dictionaries, page
 * arrays: {@link HeapHolder}) is reserved in the same allocator, a MiB at a time, so the budget sees it too and the
 * decode stages wait for it. Open files may hold half the budget; past that the sink frees memory itself
 * ({@link PartitionedWriters}): it never waits for memory, since what it holds is freed only by writing.
 */
final class OpenFilesMemory implements AutoCloseable {
  private static final long UNIT = 1L << 20;

  private final BufferAllocator allocator;
  private final long limit;
  private final Deque<AllocationReservation> reserved = new ArrayDeque<>();

  OpenFilesMemory(BufferAllocator allocator) {
    this(allocator, allocator.getLimit() / 2);
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
