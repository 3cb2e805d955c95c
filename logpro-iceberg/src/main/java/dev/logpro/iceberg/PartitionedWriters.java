package dev.logpro.iceberg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/**
 * Routes the rows of each batch to one open file per partition, keeps at most {@code maxOpen} files open (closing
 * the least recently used), rolls a file when it reaches the target size, and collects the finished files until
 * the next commit.
 */
final class PartitionedWriters {

  private static final PartitionKey UNPARTITIONED = null;

  private final Table table;
  private final Map<String, String> settings;
  private final long targetBytes;
  private final int checkEveryRows;
  private final int maxOpen;
  private final String writeId = UUID.randomUUID().toString();
  private final LinkedHashMap<PartitionKey, FileWriter> open = new LinkedHashMap<>(16, 0.75f, true);
  private final List<DataFile> done = new ArrayList<>();
  private final List<String> doneLocations = new ArrayList<>();
  private final Partitioner partitioner;
  private final PartitionKey probe;
  private FileWriter single;
  private long batches;
  private int fileCount;

  PartitionedWriters(Table table, Map<String, String> settings, long targetBytes, int checkEveryRows, int maxOpen) {
    this.table = table;
    this.settings = Map.copyOf(settings);
    this.targetBytes = targetBytes;
    this.checkEveryRows = checkEveryRows;
    this.maxOpen = maxOpen;
    boolean partitioned = table.spec().isPartitioned();
    this.partitioner = partitioned ? new Partitioner(table.spec()) : null;
    this.probe = partitioned ? new PartitionKey(table.spec(), table.schema()) : null;
  }

  /** Writes every row of {@code root}; nothing refers to its vectors once this returns. */
  void write(VectorSchemaRoot root) throws IOException {
    checkColumns(root);
    long batch = ++batches;
    int rows = root.getRowCount();
    try {
      if (partitioner == null) {
        writeUnpartitioned(root, batch, rows);
      } else {
        writePartitioned(root, batch, rows);
      }
    } finally {
      if (single != null) {
        single.unbind();
      }
      for (FileWriter writer : open.values()) {
        writer.unbind();
      }
      if (partitioner != null) {
        partitioner.bind(null);
      }
    }
  }

  private void writeUnpartitioned(VectorSchemaRoot root, long batch, int rows) throws IOException {
    for (int row = 0; row < rows; row++) {
      if (single == null) {
        single = newWriter(UNPARTITIONED);
      }
      single.bind(root, batch);
      single.add(row);
      if (shouldRoll(single)) {
        finish(single);
        single = null;
      }
    }
  }

  private void writePartitioned(VectorSchemaRoot root, long batch, int rows) throws IOException {
    partitioner.bind(root);
    Object[] values = new Object[partitioner.size()];
    Object[] previous = null;
    FileWriter writer = null;
    for (int row = 0; row < rows; row++) {
      partitioner.partition(row, values);
      if (writer == null || !Arrays.equals(values, previous)) {
        writer = writerFor(values);
        previous = values.clone();
      }
      writer.bind(root, batch);
      writer.add(row);
      if (shouldRoll(writer)) {
        PartitionKey key = keyOf(values);
        open.remove(key);
        finish(writer);
        writer = null;
      }
    }
  }

  private FileWriter writerFor(Object[] values) throws IOException {
    for (int i = 0; i < values.length; i++) {
      probe.set(i, values[i]);
    }
    FileWriter writer = open.get(probe);
    if (writer == null) {
      if (open.size() >= maxOpen) {
        Iterator<FileWriter> eldest = open.values().iterator();
        FileWriter evicted = eldest.next();
        eldest.remove();
        finish(evicted);
      }
      PartitionKey key = probe.copy();
      writer = newWriter(key);
      open.put(key, writer);
    }
    return writer;
  }

  private PartitionKey keyOf(Object[] values) {
    for (int i = 0; i < values.length; i++) {
      probe.set(i, values[i]);
    }
    return probe;
  }

  private boolean shouldRoll(FileWriter writer) {
    return writer.rows() % checkEveryRows == 0 && writer.length() >= targetBytes;
  }

  private FileWriter newWriter(PartitionKey key) {
    String name = String.format("%s-%05d.parquet", writeId, ++fileCount);
    FileWriter writer = FileWriter.open(table, key, name, settings);
    doneLocations.add(writer.location());
    return writer;
  }

  private void finish(FileWriter writer) throws IOException {
    done.add(writer.close());
  }

  /** Closes every open file and hands over all files finished since the last call. */
  List<DataFile> closeAll() throws IOException {
    if (single != null) {
      FileWriter writer = single;
      single = null;
      finish(writer);
    }
    for (Iterator<FileWriter> it = open.values().iterator(); it.hasNext(); ) {
      FileWriter writer = it.next();
      it.remove();
      finish(writer);
    }
    List<DataFile> files = List.copyOf(done);
    done.clear();
    doneLocations.clear();
    return files;
  }

  /** Closes and deletes every file not yet handed over by {@link #closeAll}. */
  void abort() {
    if (single != null) {
      single.closeQuietly();
      single = null;
    }
    open.values().forEach(FileWriter::closeQuietly);
    open.clear();
    for (String location : doneLocations) {
      table.io().deleteFile(location);
    }
    done.clear();
    doneLocations.clear();
  }

  /** Fails on a batch column the table does not have: writing it would drop data silently. */
  private void checkColumns(VectorSchemaRoot root) {
    for (FieldVector vector : root.getFieldVectors()) {
      Types.NestedField field = table.schema().findField(vector.getName());
      if (field == null) {
        throw new IllegalArgumentException(String.format(
            "Cannot write batch to table %s: column %s is not in the table schema", table.name(), vector.getName()));
      }
    }
  }
}
