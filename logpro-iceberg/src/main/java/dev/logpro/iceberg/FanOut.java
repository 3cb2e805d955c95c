package dev.logpro.iceberg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.iceberg.PartitionKey;

/**
 * Rows of more partitions than files may be open for: each batch is kept as it is (its buffers move to the sink's
 * allocator, nothing is copied) with the rows of each partition in it, until the batches reach the open files' share
 * of the memory budget or the commit; then each partition's rows of all kept batches are written in one go as a row
 * group of its file, and the batches are released ({@link PartitionedWriters}). A shuffled input over thousands of
 * partitions thus makes a row group per partition per round of the budget, and a file per partition per round only
 * where it has more partitions than files may stay open, where keeping {@code max_open_files} open and closing the
 * least recently used made a file per partition per batch.
 *
 * <p>Copying each batch's rows into a growing batch per partition instead was tried and was no faster: gathering a
 * partition's rows from the kept batches reads them from all over memory, but copying costs the same pass, and the
 * per-partition buffers' spare room counted against the budget made rounds far smaller with thousands of partitions.
 */
final class FanOut implements AutoCloseable {

  /** Rows {@code rows[0..size)} of a kept batch. */
  record Slice(VectorSchemaRoot root, long batch, int[] rows, int size) {}

  private final BufferAllocator allocator;
  private final List<VectorSchemaRoot> batches = new ArrayList<>();
  private final Map<PartitionKey, List<Slice>> partitions = new LinkedHashMap<>();
  private long bytes;

  FanOut(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  /** Keeps {@code root}'s buffers (it is left empty) and its rows by partition. */
  void add(VectorSchemaRoot root, long batch, List<PartitionKey> keys, List<int[]> rows, List<Integer> sizes) {
    List<FieldVector> kept = new ArrayList<>(root.getFieldVectors().size());
    try {
      for (FieldVector vector : root.getFieldVectors()) {
        TransferPair transfer = vector.getTransferPair(allocator);
        transfer.transfer();
        kept.add((FieldVector) transfer.getTo());
      }
    } catch (RuntimeException | Error e) {
      kept.forEach(FieldVector::close);
      throw e;
    }
    VectorSchemaRoot keptRoot = new VectorSchemaRoot(kept);
    keptRoot.setRowCount(root.getRowCount());
    batches.add(keptRoot);
    for (FieldVector vector : kept) {
      bytes += vector.getBufferSize();
    }
    for (int i = 0; i < keys.size(); i++) {
      partitions.computeIfAbsent(keys.get(i), k -> new ArrayList<>())
          .add(new Slice(keptRoot, batch, rows.get(i), sizes.get(i)));
    }
  }

  /** Bytes of the kept batches. */
  long bytes() {
    return bytes;
  }

  boolean isEmpty() {
    return batches.isEmpty();
  }

  /** The kept rows of each partition, partitions in order of first appearance; valid until {@link #close}. */
  Map<PartitionKey, List<Slice>> partitions() {
    return partitions;
  }

  @Override
  public void close() {
    batches.forEach(VectorSchemaRoot::close);
    batches.clear();
    partitions.clear();
    bytes = 0;
  }
}
