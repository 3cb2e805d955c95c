package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.RawMessage;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dead letters of a real run in an Iceberg table, read back with Iceberg's own reader. */
class IcebergDeadLetterTableTest {
  @TempDir Path dir;

  private Pipeline pipeline() {
    return Pipeline.fromYaml("""
        pipeline: web-logs
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: %s, namespace: logs, table: hits}}
        reliability: {dlq: {type: iceberg, warehouse: %s, namespace: logs}}
        processing: {infer_sample_rows: 1, schema_policy: strict}
        """.formatted(dir.resolve("in"), dir.resolve("wh"), dir.resolve("wh")));
  }

  private static String text(Record row, String field) {
    return (String) row.getField(field);
  }

  private static byte[] bytes(Record row) {
    ByteBuffer buffer = (ByteBuffer) row.getField("raw");
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  @Test
  @SuppressWarnings("unchecked")
  void deadLettersOfARunAreRowsWithTheirExactBytesErrorStageSourceAndPosition() throws Exception {
    Path input = Files.createDirectories(dir.resolve("in")).resolve("a.csv");
    String header = "id,status,path\n";
    String good = "1,200,/\n";
    String shortRow = "2,404\n";
    String badStatus = "3,OK,/x\n";
    Files.writeString(input, header + good + shortRow + badStatus + "4,500,/y\n");

    RunSummary summary = pipeline().run();

    assertThat(summary.rowsWritten()).isEqualTo(2);
    assertThat(summary.deadLetters()).isEqualTo(2);
    assertThat(summary.arrowBytesOutstanding()).isZero();
    Table dlq = Warehouse.table(dir.resolve("wh"), "logs", "web_logs_dlq");
    assertThat(dlq.schema().findField("raw").type()).isEqualTo(Types.BinaryType.get());
    assertThat(dlq.schema().findField("timestamp").type()).isEqualTo(Types.TimestampType.withZone());
    List<Record> rows = Warehouse.rows(dlq);
    assertThat(rows).hasSize(2);
    rows.sort((a, b) -> Long.compare(Long.parseLong(text(a, "position")), Long.parseLong(text(b, "position"))));
    Record first = rows.get(0);
    assertThat(bytes(first)).asString(StandardCharsets.UTF_8).isEqualTo(shortRow.strip());
    assertThat(text(first, "error")).isEqualTo("expected 3 fields but found 2");
    assertThat(text(first, "stage")).isEqualTo("decode");
    assertThat(text(first, "source")).isEqualTo(input.toAbsolutePath().toString());
    assertThat(text(first, "position")).isEqualTo(String.valueOf((header + good).length()));
    assertThat(text(first, "pipeline")).isEqualTo("web-logs");
    assertThat(first.getField("timestamp")).isInstanceOf(OffsetDateTime.class);
    assertThat((Map<Object, Object>) first.getField("headers")).containsEntry(RawMessage.CSV_HEADER, header.strip());
    assertThat(first.getField("replay_batch")).isNull();
    Record second = rows.get(1);
    assertThat(bytes(second)).asString(StandardCharsets.UTF_8).isEqualTo(badStatus.strip());
    assertThat(text(second, "error")).startsWith("column status: ");
    assertThat(text(second, "position")).isEqualTo(String.valueOf((header + good + shortRow).length()));
  }

  @Test
  void recordsReadAgainAfterACrashBetweenTheTwoCommitsAreNotDeadLetteredTwice() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("a.csv"), "id,status\n1,200\n2,201\n");
    pipeline().run();
    Table hits = Warehouse.table(dir.resolve("wh"), "logs", "hits");
    long beforeTheCrash = hits.currentSnapshot().snapshotId();
    Files.writeString(in.resolve("b.csv"), "id,status\n3,200\n4,bad\n5\n6,204\n");
    assertThat(pipeline().run().deadLetters()).isEqualTo(2);
    // The state a crash leaves between the dead-letter commit and the data commit: dead letters in, data not.
    hits.manageSnapshots().rollbackTo(beforeTheCrash).commit();
    assertThat(Warehouse.rows(hits)).hasSize(2);

    RunSummary again = pipeline().run();

    assertThat(again.rowsWritten()).as("b.csv is read again").isEqualTo(2);
    assertThat(again.arrowBytesOutstanding()).isZero();
    assertThat(Warehouse.rows(hits)).extracting(r -> r.getField("id")).containsExactlyInAnyOrder(1L, 2L, 3L, 6L);
    assertThat(Warehouse.rows(Warehouse.table(dir.resolve("wh"), "logs", "web_logs_dlq")))
        .extracting(r -> text(r, "position")).as("each dead letter once").containsExactlyInAnyOrder("16", "22");
  }

  @Test
  void inspectGroupsTheTableByStageAndErrorFromTheConfigOrByName() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("a.csv"), "id,status\n1,200\n2\n3\n4,x\n");
    pipeline().run();
    Path config = Files.writeString(dir.resolve("web-logs.yaml"), """
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: %s, namespace: logs, table: hits}}
        reliability: {dlq: {type: iceberg, warehouse: %s, namespace: logs}}
        processing: {infer_sample_rows: 1, schema_policy: strict}
        """.formatted(in, dir.resolve("wh"), dir.resolve("wh")));

    String fromConfig = stdout(() -> Main.execute("dlq", "inspect", "--config", config.toString()));
    String byName = stdout(() -> Main.execute("dlq", "inspect", "iceberg:logs.web_logs_dlq", "--warehouse",
        dir.resolve("wh").toString(), "--samples", "1"));

    for (String out : List.of(fromConfig, byName)) {
      assertThat(out.lines().map(String::strip).toList()).containsSubsequence(
          "3 dead letters in table logs.web_logs_dlq",
          "pipeline web-logs: 3",
          "2  decode    expected N fields but found N",
          in.resolve("a.csv").toAbsolutePath() + " @ 16: 2",
          "1  decode    column status: cannot parse \"…\" as int64");
    }
  }

  /** What {@code command} printed on standard output; it must exit 0. */
  static String stdout(java.util.function.IntSupplier command) {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(command.getAsInt()).isZero();
    } finally {
      System.setOut(saved);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
