package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command's contract with people: exit codes and one-line errors with their config path, no stack traces. */
class CommandLineTest {
  @TempDir Path dir;
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  private Path config(String yaml) throws Exception {
    Path file = dir.resolve("pipeline.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void aMissingTableIsNamedByItsPathAndExitsTwo() throws Exception {
    Path data = Files.writeString(dir.resolve("in.csv"), "a\n1\n");
    Path file = config("""
        source: {type: file, file: {path: %s, format: csv}}
        sink:
          type: iceberg
          iceberg: {warehouse: %s, namespace: analytics}
        """.formatted(data, dir.resolve("wh")));
    assertThat(Main.execute("run", file.toString())).isEqualTo(2);
    assertThat(console.stderr()).isEqualTo("error: sink.iceberg.table: required\n");
    assertThat(dir.resolve("wh")).doesNotExist();
  }

  @Test
  void everyErrorIsReportedOneLineEach() throws Exception {
    Path file = config("""
        source: {type: file, file: {path: x, format: csv, chunk_size_kb: big}}
        sink: {type: iceberg, iceberg: {table: t, compression: lz5, bogus: 1}}
        """);
    assertThat(Main.execute("validate", file.toString())).isEqualTo(2);
    assertThat(console.stderr().lines()).containsExactlyInAnyOrder(
        "error: source.file.chunk_size_kb: expected an integer, got 'big'",
        "error: sink.iceberg.compression: expected one of zstd, snappy, gzip, uncompressed, got 'lz5'",
        "error: sink.iceberg.bogus: unknown key (expected one of: catalog, commit_interval_s, compression,"
            + " file_size_mb, max_open_files, namespace, partition_by, table, warehouse)");
    assertThat(console.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aMissingInputPathFailsBeforeAnythingRuns() throws Exception {
    Path file = config("""
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: %s, table: t}}
        """.formatted(dir.resolve("nope"), dir.resolve("wh")));
    assertThat(Main.execute("run", file.toString())).isEqualTo(2);
    assertThat(console.stderr()).startsWith("error: source.file.path: no such file or directory: ");
  }

  @Test
  void aRuntimeFailureExitsOneWithAShortErrorAndNoStackTrace() throws Exception {
    Path data = Files.writeString(dir.resolve("in.csv"), "a\n1\n");
    Path notADirectory = Files.writeString(dir.resolve("warehouse-file"), "x");
    Path file = config("""
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: %s, table: t}}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(data, notADirectory, dir.resolve("dlq")));
    assertThat(Main.execute("run", file.toString())).isEqualTo(1);
    assertThat(console.stderr()).startsWith("error: ").doesNotContain("\tat ");
    assertThat(console.stderr().lines().count()).isLessThanOrEqualTo(4);
  }

  @Test
  void aMissingConfigFileExitsTwo() {
    assertThat(Main.execute("run", dir.resolve("missing.yaml").toString())).isEqualTo(2);
    assertThat(console.stderr()).startsWith("error: no such config file: ");
  }

  @Test
  void validateAcceptsTheQuickstart() {
    Path quickstart = dev.logpro.testkit.TestData.projectRoot().resolve("examples/quickstart.yaml");
    assertThat(Main.execute("validate", quickstart.toString())).isEqualTo(0);
    assertThat(console.stdout()).contains("ok (pipeline quickstart)");
  }

  @Test
  void pluginsListsEveryTypeWithItsFields() {
    assertThat(Main.execute("plugins")).isEqualTo(0);
    String listing = console.stdout();
    assertThat(listing).contains("### `file` (source)", "### `csv` (format)", "### `ndjson` (format)",
        "### `iceberg` (sink)", "### `stdout` (sink)", "### `file` (dlq)");
    assertThat(listing).contains("| `table` | string | required |", "| `file_size_mb` | integer | `512` |");
  }

  @Test
  void inspectShowsTheTableItsSnapshotsPositionsAndRows() throws Exception {
    Path data = Files.writeString(dir.resolve("in.csv"), "id,name\n1,ann\n2,bob\n");
    Path file = config("""
        pipeline: people
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: %s, namespace: crm, table: people}}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(data, dir.resolve("wh"), dir.resolve("dlq")));
    assertThat(Main.execute("inspect", file.toString())).isEqualTo(1);
    assertThat(console.stderr()).contains("does not exist yet");

    assertThat(Main.execute("run", file.toString())).isEqualTo(0);
    assertThat(console.stderr()).contains("written     2 rows");
    assertThat(Main.execute("inspect", file.toString(), "--rows", "1")).isEqualTo(0);
    assertThat(console.stdout())
        .contains("table     logpro.crm.people", "rows      2 in 1 data files", "pipeline people",
            "pipeline people: 1 splits after 1 commits, last snapshot", "property  logpro.positions.people",
            "files     1 in ", "/.logpro/positions/people", data.toAbsolutePath() + " = 20",
            "{\"id\":1,\"name\":\"ann\"}");
  }

  @Test
  void aPipelineWhosePositionsAreGoneIsRefusedWithOneLineUntilRunFromScratch() throws Exception {
    Path data = Files.writeString(dir.resolve("in.csv"), "id,name\n1,ann\n2,bob\n");
    Path file = config("""
        pipeline: people
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: %s, namespace: crm, table: people}}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(data, dir.resolve("wh"), dir.resolve("dlq")));
    assertThat(Main.execute("run", file.toString())).isEqualTo(0);
    // Someone removes the positions by hand, and maintenance expires the snapshot that named the pipeline.
    Table table = Warehouse.table(dir.resolve("wh"), "crm", "people");
    table.updateProperties().remove("logpro.positions.people").commit();
    table.newAppend().commit();
    table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();
    console.reset();

    assertThat(Main.execute("run", file.toString())).isEqualTo(2);
    assertThat(console.stderr().lines()).singleElement().asString()
        .startsWith("error: Pipeline 'people' has written to table logpro.crm.people before, but its positions are"
            + " gone")
        .contains("--from-scratch");
    assertThat(Warehouse.rows(table)).hasSize(2);

    console.reset();
    assertThat(Main.execute("run", file.toString(), "--from-scratch")).isEqualTo(0);
    assertThat(Warehouse.rows(table)).as("read again, knowingly").hasSize(4);
    assertThat(Main.execute("run", file.toString())).isEqualTo(0);
    assertThat(Warehouse.rows(table)).hasSize(4);
  }

  @Test
  void dlqInspectGroupsDeadLettersByStageAndKindOfError() throws Exception {
    Path data = Files.writeString(dir.resolve("in.csv"), "id,n\n1,2\n2\n3,4,5\n4,x\n5\n6,y\n");
    Path file = config("""
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: stdout}
        reliability: {dlq: {type: file, path: %s}}
        processing: {infer_sample_rows: 1, schema_policy: strict}
        """.formatted(data, dir.resolve("dlq")));
    assertThat(Main.execute("run", file.toString())).isEqualTo(0);
    console.reset();

    assertThat(Main.execute("dlq", "inspect", dir.resolve("dlq").toString(), "--samples", "1")).isEqualTo(0);

    assertThat(console.stdout().lines().map(String::strip).toList()).containsSubsequence(
        "5 dead letters in directory " + dir.resolve("dlq"),
        "pipeline pipeline: 5",
        "3  decode    expected N fields but found N",
        data.toAbsolutePath() + " @ 9: 2",
        "2  decode    column n: cannot parse \"…\" as int64",
        data.toAbsolutePath() + " @ 17: 4,x");
  }

  @Test
  void dlqCommandsThatNameNoQueueOrNoPipelineExitTwoWithOneLine() throws Exception {
    assertThat(Main.execute("dlq", "inspect")).isEqualTo(2);
    assertThat(console.stderr()).isEqualTo("error: name the dead-letter queue (a directory or iceberg:<namespace>.<table>)"
        + " or give --config\n");
    console.reset();
    assertThat(Main.execute("dlq", "inspect", dir.resolve("nowhere").toString())).isEqualTo(2);
    assertThat(console.stderr()).isEqualTo("error: no such dead-letter queue: " + dir.resolve("nowhere") + "\n");
    console.reset();
    Path config = config("sink: {type: stdout}\n");
    assertThat(Main.execute("dlq", "inspect", config.toString())).as("a config where the queue goes").isEqualTo(2);
    assertThat(console.stderr()).isEqualTo("error: " + config + " is a pipeline config, not a dead-letter queue: give it as"
        + " --config " + config + "\n");
    console.reset();
    assertThat(Main.execute("dlq", "inspect", "iceberg:logs.")).isEqualTo(2);
    assertThat(console.stderr()).isEqualTo("error: expected iceberg:<namespace>.<table>, got iceberg:logs.\n");
    console.reset();
    assertThat(Main.execute("dlq", "replay", dir.toString())).isEqualTo(2);
    assertThat(console.stderr()).startsWith("error: Missing required option: '--config=CONFIG'");
  }

  @Test
  void everyCommandPrintsItsHelp() {
    for (String[] command : List.of(new String[] {"run"}, new String[] {"validate"}, new String[] {"inspect"},
        new String[] {"dlq"}, new String[] {"dlq", "inspect"}, new String[] {"dlq", "replay"},
        new String[] {"plugins"})) {
      console.reset();
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      assertThat(Main.execute(args)).as(String.join(" ", args)).isZero();
      assertThat(console.stdout()).startsWith("Usage: logpro " + String.join(" ", command));
    }
  }

  @Test
  void pluginsOfAnUnknownTypeExitsTwo() {
    assertThat(Main.execute("plugins", "nope")).isEqualTo(2);
  }
}
