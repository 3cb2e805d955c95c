package dev.logpro.iceberg;

import java.io.IOException;
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
 * of the memory budget or the commit; then each partition's rows of all kept batches are written in one go, one file
 * at a time, and the batches are released. A shuffled input over thousands of partitions thus makes a file per
 * partition per round of the budget, where keeping {@code max_open_files} open and closing the least recently used
 * made a file per partition per batch.
 */
final class FanOut implements AutoCloseable {

  /** Rows {@code rows[0..size)} of a kept batch. */
  record Slice(VectorSchemaRoot root, long batch, int[] rows, int size) {}

  /** Writes one partition's slices. */
  interface PartitionWriter {
    void write(PartitionKey key, List<Slice> slices) throws IOException;
  }

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

  /** Hands each partition's slices to {@code writer}, in order of first appearance, then releases the batches. */
  void drain(PartitionWriter writer) throws IOException {
    try {
      for (Map.Entry<PartitionKey, List<Slice>> partition : partitions.entrySet()) {
        writer.write(partition.getKey(), partition.getValue());
      }
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    batches.forEach(VectorSchemaRoot::close);
    batches.clear();
    partitions.clear();
    bytes = 0;
  }
}
