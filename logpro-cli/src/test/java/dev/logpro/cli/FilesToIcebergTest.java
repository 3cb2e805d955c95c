package dev.logpro.cli;

import dev.logpro.iceberg.IcebergTables;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import dev.logpro.testkit.EventFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files through the whole engine into a real Iceberg table, read back with Iceberg's own reader. */
class FilesToIcebergTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private Pipeline csvPipeline(Path input) {
    return Pipeline.fromYaml("""
        pipeline: csv-events
        source: {type: file, file: {path: %s, format: csv}}
        sink:
          type: iceberg
          iceberg: {warehouse: %s, namespace: analytics, table: events, partition_by: ["day(ts)"]}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(input, dir.resolve("warehouse"), dir.resolve("dlq")));
  }

  @Test
  void csvLandsEveryRowOnceWithPartitionsAndDeadLetters() throws Exception {
    Path input = dir.resolve("in");
    List<Path> files = EventFiles.writeCsv(input, 3, 1000);
    String badRow = "f9-r9,2026-01-01T00:00:00Z,oops\n";
    long badOffset = Files.size(files.get(1));
    Files.writeString(files.get(1), badRow, StandardOpenOption.APPEND);

    RunSummary summary = csvPipeline(input).run();

    assertThat(summary.rowsWritten()).isEqualTo(3000);
    assertThat(summary.deadLetters()).isEqualTo(1);
    assertThat(summary.rowsRead()).isEqualTo(3001);
    assertThat(summary.sources()).isEqualTo(3);
    assertThat(summary.commits()).isEqualTo(1);
    assertThat(summary.arrowBytesOutstanding()).isZero();

    Table table = Warehouse.table(dir.resolve("warehouse"), "analytics", "events");
    assertThat(table.schema().findField("ts").type()).isEqualTo(Types.TimestampType.withZone());
    assertThat(table.schema().findField("user_id").type()).isEqualTo(Types.LongType.get());
    assertThat(table.schema().findField("latency_ms").type()).isEqualTo(Types.DoubleType.get());
    assertThat(table.schema().findField("zip").type()).isEqualTo(Types.StringType.get());
    assertThat(table.spec().fields()).singleElement().satisfies(f -> assertThat(f.transform().toString()).isEqualTo("day"));

    List<Record> rows = Warehouse.rows(table);
    assertThat(rows).hasSize(3000);
    Map<String, Record> byId = rows.stream().collect(Collectors.toMap(r -> (String) r.getField("id"), r -> r));
    assertThat(byId).hasSize(3000);
    for (int f = 0; f < 3; f++) {
      for (int r = 0; r < 1000; r += 97) {
        EventFiles.Event expected = EventFiles.event(f, r);
        Record actual = byId.get(expected.id());
        assertThat(actual.getField("ts")).isEqualTo(OffsetDateTime.ofInstant(expected.ts(), ZoneOffset.UTC));
        assertThat(actual.getField("user_id")).isEqualTo(expected.userId());
        assertThat(actual.getField("type")).isEqualTo(expected.type());
        assertThat(actual.getField("latency_ms")).isEqualTo(expected.latencyMs());
        assertThat(actual.getField("amount")).isEqualTo(expected.amount());
        assertThat(actual.getField("zip")).isEqualTo(expected.zip());
      }
    }
    long checksum = rows.stream().mapToLong(r -> (Long) r.getField("amount")).sum();
    assertThat(checksum).isEqualTo(EventFiles.amountChecksum(3, 1000));

    Set<Object> partitions = dataFilePartitions(table);
    assertThat(partitions).hasSizeGreaterThan(1);
    Snapshot snapshot = table.currentSnapshot();
    assertThat(snapshot.summary()).containsKey("logpro.positions-ref.csv-events");
    assertThat(table.properties()).containsKey("logpro.positions.csv-events");
    assertThat(IcebergTables.positions(table, "csv-events").positions()).hasSize(3);
    assertThat(String.valueOf(snapshot.snapshotId())).isEqualTo(summary.lastCommitId());

    List<JsonNode> deadLetters = deadLetters(dir.resolve("dlq"));
    assertThat(deadLetters).singleElement().satisfies(letter -> {
      assertThat(letter.get("raw").asText()).isEqualTo(badRow.strip());
      assertThat(letter.get("stage").asText()).isEqualTo("decode");
      assertThat(letter.get("source").asText()).isEqualTo(files.get(1).toString());
      assertThat(letter.get("position").asText()).isEqualTo(String.valueOf(badOffset));
      assertThat(letter.get("error").asText()).isNotBlank();
      assertThat(letter.get("timestamp").asText()).isNotBlank();
    });
  }

  @Test
  void runningTheSamePipelineAgainAddsNothing() throws Exception {
    Path input = dir.resolve("in");
    EventFiles.writeCsv(input, 2, 500);
    csvPipeline(input).run();
    Table table = Warehouse.table(dir.resolve("warehouse"), "analytics", "events");
    int snapshots = Warehouse.snapshotCount(table);

    RunSummary again = csvPipeline(input).run();

    assertThat(again.rowsRead()).isZero();
    assertThat(again.rowsWritten()).isZero();
    assertThat(Warehouse.snapshotCount(table)).isEqualTo(snapshots);
    assertThat(Warehouse.rows(table)).hasSize(1000);
  }

  @Test
  void aFileThatGrewIsReadOnFromWhereItEnded() throws Exception {
    Path input = dir.resolve("in");
    Path file = EventFiles.writeCsv(input, 1, 100).get(0);
    csvPipeline(input).run();
    List<String> more = Files.readAllLines(EventFiles.writeCsv(dir.resolve("more"), 2, 50).get(1));
    Files.write(file, more.subList(1, more.size()), StandardOpenOption.APPEND);

    RunSummary second = csvPipeline(input).run();

    assertThat(second.rowsWritten()).isEqualTo(50);
    assertThat(Warehouse.rows(Warehouse.table(dir.resolve("warehouse"), "analytics", "events"))).hasSize(150);
  }

  @Test
  @SuppressWarnings("unchecked")
  void ndjsonNestedObjectsBecomeStructsAndArraysLists() throws Exception {
    Path input = dir.resolve("json");
    EventFiles.writeNdjson(input, 2, 300);
    Files.writeString(input.resolve("events-0001.ndjson"), "{\"id\": \"truncated\", \"ts\": \n[1,2]\n",
        StandardOpenOption.APPEND);

    RunSummary summary = Pipeline.fromYaml("""
        pipeline: json-events
        source: {type: file, file: {path: "%s/*.ndjson", format: ndjson}}
        sink:
          type: iceberg
          iceberg: {warehouse: %s, namespace: analytics, table: nested, partition_by: ["hour(ts)", "bucket[4](user_id)"]}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(input, dir.resolve("warehouse"), dir.resolve("dlq"))).run();

    assertThat(summary.rowsWritten()).isEqualTo(600);
    assertThat(summary.deadLetters()).isEqualTo(2);
    assertThat(summary.arrowBytesOutstanding()).isZero();
    Table table = Warehouse.table(dir.resolve("warehouse"), "analytics", "nested");
    assertThat(table.schema().findField("geo").type().isStructType()).isTrue();
    assertThat(table.schema().findField("tags").type().isListType()).isTrue();
    assertThat(table.spec().fields()).hasSize(2);

    Map<String, Record> byId = new HashMap<>();
    Warehouse.rows(table).forEach(r -> byId.put((String) r.getField("id"), r));
    assertThat(byId).hasSize(600);
    EventFiles.Event e = EventFiles.event(1, 2);
    Record row = byId.get(e.id());
    Record geo = (Record) row.getField("geo");
    assertThat(geo.getField("country")).isEqualTo(e.country());
    assertThat(geo.getField("zip")).isEqualTo(e.zip());
    assertThat((List<Object>) row.getField("tags")).containsExactly(e.type(), "x");
    assertThat((List<?>) byId.get(EventFiles.event(1, 3).id()).getField("tags")).isEmpty();
    assertThat(row.getField("ts")).isEqualTo(OffsetDateTime.ofInstant(e.ts(), ZoneOffset.UTC));

    assertThat(deadLetters(dir.resolve("dlq"))).extracting(l -> l.get("raw").asText())
        .containsExactlyInAnyOrder("{\"id\": \"truncated\", \"ts\": ", "[1,2]");
  }

  @Test
  void filteredScansPruneFilesByTheirColumnMetrics() throws Exception {
    Path input = dir.resolve("in");
    EventFiles.writeCsv(input, 4, 200);
    Pipeline.fromYaml("""
        pipeline: pruning
        source: {type: file, file: {path: %s, format: csv, chunk_size_kb: 8}}
        sink: {type: iceberg, iceberg: {warehouse: %s, table: events, commit_interval_s: 0}}
        """.formatted(input, dir.resolve("warehouse"))).run();
    Table table = Warehouse.table(dir.resolve("warehouse"), "default", "events");
    int all = count(table.newScan().planFiles());
    int pruned = count(table.newScan().filter(Expressions.equal("id", "f3-r10")).planFiles());
    assertThat(all).isGreaterThan(4);
    assertThat(pruned).isBetween(1, all / 2);
  }

  private static int count(CloseableIterable<FileScanTask> tasks) throws Exception {
    try (tasks) {
      int n = 0;
      for (FileScanTask ignored : tasks) {
        n++;
      }
      return n;
    }
  }

  private static Set<Object> dataFilePartitions(Table table) throws Exception {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      Set<Object> partitions = new java.util.HashSet<>();
      for (FileScanTask task : tasks) {
        partitions.add(task.file().partition().get(0, Integer.class));
      }
      return partitions;
    }
  }

  static List<JsonNode> deadLetters(Path dlq) throws Exception {
    try (Stream<Path> files = Files.list(dlq)) {
      return files.flatMap(f -> {
        try {
          return Files.readAllLines(f, StandardCharsets.UTF_8).stream();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).filter(l -> !l.isBlank()).map(l -> {
        try {
          return JSON.readTree(l);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }
}
