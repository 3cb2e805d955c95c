package dev.logpro.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.iceberg.IcebergSinkConfig;
import dev.logpro.iceberg.IcebergTables;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logpro inspect}: what a pipeline's table holds, read through its own catalog. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show a pipeline's Iceberg table: schema, partitioning, snapshots with their"
    + " committed positions, and optionally the first rows.")
final class InspectCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOWN_POSITIONS = 20;

  @Parameters(index = "0", paramLabel = "CONFIG", description = "The pipeline's YAML file (its sink names the table).")
  Path config;

  @Option(names = "--rows", paramLabel = "N", description = "Also print the first N rows as JSON lines.")
  int rows;

  @Option(names = "--snapshots", paramLabel = "N", defaultValue = "10", description = "Snapshots to list (newest first).")
  int snapshots;

  @Override
  public Integer call() throws Exception {
    Pipeline pipeline = Errors.loadOrReport(config);
    if (pipeline == null) {
      return Main.USAGE;
    }
    if (!(pipeline.config().sink().config() instanceof IcebergSinkConfig sink)) {
      System.err.println("error: sink.type: inspect reads iceberg sinks, this pipeline writes to "
          + pipeline.config().sink().type());
      return Main.USAGE;
    }
    try (IcebergTables tables = IcebergTables.open(sink)) {
      Optional<Table> table = tables.table();
      if (table.isEmpty()) {
        System.err.println("error: table " + tables.identifier() + " does not exist yet (run the pipeline first)");
        return Main.FAILED;
      }
      describe(table.get(), System.out);
      if (rows > 0) {
        printRows(table.get(), System.out);
      }
      return Main.OK;
    }
  }

  private void describe(Table table, PrintStream out) {
    out.println("table     " + table.name());
    out.println("location  " + table.location());
    out.println("partition " + (table.spec().isUnpartitioned() ? "none" : table.spec().fields().stream()
        .map(f -> f.transform() + "(" + table.schema().findColumnName(f.sourceId()) + ")").toList()));
    out.println("schema");
    for (Types.NestedField field : table.schema().columns()) {
      out.printf("  %-4d %-20s %s%n", field.fieldId(), field.name(), field.type());
    }
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      out.println("no snapshots");
      return;
    }
    out.println("rows      " + current.summary().getOrDefault("total-records", "?") + " in "
        + current.summary().getOrDefault("total-data-files", "?") + " data files");
    out.println("snapshots (newest first)");
    List<Snapshot> history = new ArrayList<>();
    for (Snapshot s = current; s != null && history.size() < snapshots;
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      history.add(s);
    }
    for (Snapshot s : history) {
      Map<String, String> summary = s.summary();
      out.printf("  %d  %s  +%s rows  +%s files  pipeline %s%n", s.snapshotId(),
          Instant.ofEpochMilli(s.timestampMillis()), summary.getOrDefault("added-records", "0"),
          summary.getOrDefault("added-data-files", "0"), summary.getOrDefault("logpro.pipeline", "-"));
      summary.forEach((key, value) -> {
        if (key.startsWith("logpro.positions.")) { // tables written before positions moved to table properties
          out.println("      " + key + " = " + value);
        }
      });
    }
    describePositions(table, out);
  }

  /** Each pipeline's committed positions, and where they are kept. */
  private static void describePositions(Table table, PrintStream out) {
    List<IcebergTables.StoredPositions> all = IcebergTables.positions(table);
    if (all.isEmpty()) {
      return;
    }
    out.println("positions (kept in table properties and the files they name: snapshot expiry, compaction and"
        + " orphan-file removal leave them)");
    for (IcebergTables.StoredPositions stored : all) {
      out.printf("  pipeline %s: %d splits after %d commits, last %s%n", stored.pipeline(), stored.positions().size(),
          stored.commits(), stored.lastSnapshot() == null ? "in an expired snapshot" : "snapshot "
          + stored.lastSnapshot());
      out.println("    property  " + stored.property());
      out.println("    files     " + stored.files() + " in " + stored.directory());
      int shown = 0;
      for (Map.Entry<String, String> position : new TreeMap<>(stored.positions()).entrySet()) {
        if (shown++ == SHOWN_POSITIONS) {
          out.println("    ... " + (stored.positions().size() - SHOWN_POSITIONS) + " more");
          break;
        }
        out.println("    " + position.getKey() + " = " + position.getValue());
      }
    }
  }

  private void printRows(Table table, PrintStream out) throws Exception {
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      int printed = 0;
      for (Record record : records) {
        if (printed++ >= rows) {
          break;
        }
        out.println(JSON.writeValueAsString(plain(record)));
      }
    }
  }

  /** A record as plain maps, lists and strings, for JSON. */
  private static Object plain(Object value) {
    if (value instanceof Record record) {
      Map<String, Object> map = new LinkedHashMap<>();
      List<Types.NestedField> fields = record.struct().fields();
      for (int i = 0; i < fields.size(); i++) {
        map.put(fields.get(i).name(), plain(record.get(i)));
      }
      return map;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(InspectCommand::plain).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value instanceof ByteBuffer buffer) {
      return Base64.getEncoder().encodeToString(toBytes(buffer));
    }
    if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
      return value;
    }
    return value.toString();
  }

  private static byte[] toBytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
