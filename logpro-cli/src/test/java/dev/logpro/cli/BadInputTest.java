package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage in: no crash, nothing lost (good rows land, the rest are dead letters), no empty data file committed. */
class BadInputTest {
  @TempDir Path dir;

  private RunSummary run(String format, String path) throws Exception {
    return run(format, path, "permissive");
  }

  private RunSummary run(String format, String path, String schemaPolicy) throws Exception {
    return Pipeline.fromYaml("""
        pipeline: bad-input
        source: {type: file, file: {path: "%s", format: %s}}
        processing: {schema_policy: %s}
        sink: {type: iceberg, iceberg: {warehouse: %s, table: t}}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(path, format, schemaPolicy, dir.resolve("wh"), dir.resolve("dlq"))).run();
  }

  @Test
  void emptyFilesHeaderOnlyFilesAndABinaryFileLoseNothingAndCommitNoEmptyFile() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("a-good.csv"), "id,name\n1,ann\n2,bob\n");
    Files.writeString(in.resolve("b-empty.csv"), "");
    Files.writeString(in.resolve("c-header-only.csv"), "id,name\n");
    byte[] binary = new byte[50_000];
    new SplittableRandom(3).nextBytes(binary);
    Files.write(in.resolve("d-binary.csv"), binary);

    RunSummary summary = run("csv", in.toString());

    assertThat(summary.rowsWritten()).isEqualTo(2);
    assertThat(summary.arrowBytesOutstanding()).isZero();
    Table table = Warehouse.table(dir.resolve("wh"), "default", "t");
    assertThat(table.schema().columns()).extracting(c -> c.name()).containsExactly("id", "name");
    assertThat(Warehouse.rows(table)).hasSize(2);
    assertNoEmptyDataFiles(table);
    List<JsonNode> letters = FilesToIcebergTest.deadLetters(dir.resolve("dlq"));
    assertThat(letters).isNotEmpty().allSatisfy(l -> assertThat(l.get("source").asText()).endsWith("d-binary.csv"));
    long deadBytes = letters.stream().mapToLong(l -> java.util.Base64.getDecoder()
        .decode(l.get("raw_base64").asText()).length).sum();
    assertThat(deadBytes).as("every byte of the binary file after its 'header' is in the DLQ, line ends aside")
        .isGreaterThan(binary.length / 2);
  }

  @Test
  void aTenMegabyteLineIsOneRow() throws Exception {
    String big = "x".repeat(10_000_000);
    Files.writeString(dir.resolve("long.csv"), "id,text\n1," + big + "\n2,short\n");

    RunSummary summary = run("csv", dir.resolve("long.csv").toString());

    assertThat(summary.rowsWritten()).isEqualTo(2);
    assertThat(Warehouse.rows(Warehouse.table(dir.resolve("wh"), "default", "t")))
        .anySatisfy(r -> assertThat(r.getField("text")).isEqualTo(big));
  }

  @Test
  void jsonNestedTenThousandLevelsDeepIsADeadLetterNotACrash() throws Exception {
    String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    Files.writeString(dir.resolve("deep.ndjson"), "{\"a\": 1}\n" + deep + "\n{\"a\": 2}\n", StandardCharsets.UTF_8);

    RunSummary summary = run("ndjson", dir.resolve("deep.ndjson").toString());

    assertThat(summary.rowsWritten()).isEqualTo(2);
    assertThat(summary.deadLetters()).isEqualTo(1);
    assertThat(FilesToIcebergTest.deadLetters(dir.resolve("dlq"))).singleElement()
        .satisfies(l -> assertThat(l.get("raw").asText()).isEqualTo(deep));
  }

  @Test
  void emptyObjectsBeforeTheTableHasColumnsAreDeadLettersNotACrash() throws Exception {
    Files.writeString(dir.resolve("empty.ndjson"), "{}\n{}\n");

    RunSummary summary = run("ndjson", dir.resolve("empty.ndjson").toString());

    assertThat(summary.rowsWritten()).isZero();
    assertThat(summary.deadLetters()).isEqualTo(2);
    assertThat(summary.arrowBytesOutstanding()).isZero();
    assertThat(FilesToIcebergTest.deadLetters(dir.resolve("dlq"))).hasSize(2).allSatisfy(l -> {
      assertThat(l.get("raw").asText()).isEqualTo("{}");
      assertThat(l.get("error").asText()).isEqualTo("row has no columns and the table has none to hold it");
    });

    Files.writeString(dir.resolve("then.ndjson"), "{\"a\": 1}\n");
    run("ndjson", dir.resolve("then.ndjson").toString());
    Files.writeString(dir.resolve("again.ndjson"), "{}\n");
    RunSummary again = run("ndjson", dir.resolve("again.ndjson").toString());

    assertThat(again.rowsWritten()).as("once the table has a column, {} is a row of nulls").isEqualTo(1);
    assertThat(Warehouse.rows(Warehouse.table(dir.resolve("wh"), "default", "t")))
        .extracting(r -> r.getField("a")).containsExactlyInAnyOrder(1L, null);
  }

  @Test
  void strictRowsWithColumnsTheTableLacksAreDeadLettersNotDroppedValues() throws Exception {
    Files.writeString(dir.resolve("first.csv"), "id,name\n1,ann\n");
    run("csv", dir.resolve("first.csv").toString(), "strict");
    Files.writeString(dir.resolve("second.csv"), "id,name,email\n2,bob,bob@example.com\n");

    RunSummary summary = run("csv", dir.resolve("second.csv").toString(), "strict");

    assertThat(summary.rowsWritten()).isZero();
    assertThat(summary.deadLetters()).isEqualTo(1);
    assertThat(FilesToIcebergTest.deadLetters(dir.resolve("dlq"))).singleElement().satisfies(l -> {
      assertThat(l.get("raw").asText()).isEqualTo("2,bob,bob@example.com");
      assertThat(l.get("error").asText()).isEqualTo("column email is not in the table's schema");
    });
  }

  private static void assertNoEmptyDataFiles(Table table) throws Exception {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        assertThat(task.file().recordCount()).isPositive();
      }
    }
  }
}
