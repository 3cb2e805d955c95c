package dev.logpro.iceberg;

import dev.logpro.api.Position;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.io.TempDir;

/** A sink on a real embedded catalog in a temporary warehouse, and ways to look at what it wrote. */
abstract class SinkTestSupport {

  static final String PIPELINE = "p1";

  @TempDir Path warehouse;

  IcebergSink open(BufferAllocator allocator, List<String> partitionBy) throws Exception {
    IcebergSinkConfig config = new IcebergSinkConfig(
        warehouse.toString(), "logs", "events", partitionBy, 512, null, 60, null);
    IcebergSink sink = (IcebergSink) new IcebergSinkFactory().create(config, new TestContext(PIPELINE, allocator));
    sink.open(new TestContext(PIPELINE, allocator));
    return sink;
  }

  static void write(IcebergSink sink, BufferAllocator allocator, long first, int rows) throws Exception {
    try (VectorSchemaRoot batch = TestBatches.batch(allocator, first, rows)) {
      sink.write(batch);
    }
  }

  static Map<String, Position> positions(String... splitTokens) {
    Map<String, Position> map = new HashMap<>();
    for (int i = 0; i < splitTokens.length; i += 2) {
      map.put(splitTokens[i], new Position(splitTokens[i], splitTokens[i + 1]));
    }
    return map;
  }

  static List<Record> readAll(Table table) throws Exception {
    table.refresh();
    List<Record> records = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      rows.forEach(records::add);
    }
    return records;
  }

  static List<DataFile> dataFiles(Table table, org.apache.iceberg.expressions.Expression filter)
      throws Exception {
    table.refresh();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().filter(filter).planFiles()) {
      List<DataFile> files = new ArrayList<>();
      tasks.forEach(t -> files.add(t.file()));
      return files;
    }
  }
}
