package dev.logpro.iceberg;

import dev.logpro.core.arrow.Batches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.PartitionKey;

/**
 * Rows of more partitions than are written straight into their files: each batch is kept, its rows reordered so each
 * partition's are together, until the batches reach half the memory budget or the commit; then each partition's rows
 * of all kept batches are written in one go as a row group of its file, and the batches are released
 * ({@link PartitionedWriters}). A shuffled input over thousands of
 * partitions thus makes a row group per partition per round of the budget, and a file per partition per round only
 * where it has more partitions than files may stay open, where keeping {@code max_open_files} open and closing the
 * least recently used made a file per partition per batch.
 *
 * <p>Copying each batch's rows into a growing batch per partition instead was tried: no faster, and with thousands of
 * partitions the spare room of their buffers, counted against the budget, made the rounds far smaller.
 */
final class FanOut implements AutoCloseable {

  /** The rows {@code rows[0..size)} of a batch that belong to partition {@code key}. */
  record Rows(PartitionKey key, int[] rows, int size) {}

  /** Rows {@code [start, start + size)} of a kept batch, all of one partition. */
  record Slice(VectorSchemaRoot root, long batch, int start, int size) {}

  private final BufferAllocator allocator;
  private final List<VectorSchemaRoot> batches = new ArrayList<>();
  private final Map<PartitionKey, List<Slice>> partitions = new LinkedHashMap<>();

  /** Keeps its batches in a child of {@code parent}, which counts them in the budget. */
  FanOut(BufferAllocator parent) {
    this.allocator = parent.newChildAllocator("fan-out", 0, parent.getLimit());
  }

  /**
   * Keeps a copy of {@code root} with its rows in partition order, partition {@code keys.get(i)}'s rows
   * {@code rows.get(i)[0..sizes.get(i))} together: a round then reads each partition's rows of a batch as one run.
   * The batch is copied while it is still in the processor's cache; reading a partition's rows one by one out of
   * every kept batch later missed the cache for nearly every value.
   */
  void add(VectorSchemaRoot root, long batch, List<Rows> groups) {
    int[] order = new int[root.getRowCount()];
    int count = 0;
    for (Rows group : groups) {
      System.arraycopy(group.rows(), 0, order, count, group.size());
      count += group.size();
    }
    VectorSchemaRoot kept = Batches.take(root, order, count, allocator);
    batches.add(kept);
    int start = 0;
    for (Rows group : groups) {
      partitions.computeIfAbsent(group.key(), k -> new ArrayList<>()).add(new Slice(kept, batch, start, group.size()));
      start += group.size();
    }
  }

  /** Bytes the kept batches hold, their buffers' spare room included. */
  long bytes() {
    return allocator.getAllocatedMemory();
  }

  boolean isEmpty() {
    return batches.isEmpty();
  }

  /** The kept rows of each partition, partitions in order of first appearance; valid until {@link #close}. */
  Map<PartitionKey, List<Slice>> partitions() {
    return partitions;
  }

  /** Releases the kept batches. */
  void clear() {
    batches.forEach(VectorSchemaRoot::close);
    batches.clear();
    partitions.clear();
  }

  @Override
  public void close() {
    clear();
    allocator.close();
  }
}
