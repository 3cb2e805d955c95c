package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.testkit.CrashHarness;
import dev.logpro.testkit.EventFiles;
import dev.logpro.testkit.EventTally;
import dev.logpro.testkit.IcebergEvents;
import dev.logpro.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code logpro run} process killed with SIGKILL over and over, at random moments while it writes and
 * while it commits, and started again each time until it finishes (see {@link CrashHarness}; a failure prints the
 * seed that replays its choices). Iceberg's reader then finds every input row exactly once; the raw Parquet sink's
 * files hold every input row at least once.
 */
@ExtendWith(PostgresServer.Extension.class)
class RandomKillsTest {
  private static final int FILES = 40;
  private static final int ROWS = 1000;

  @TempDir Path dir;

  @Test
  void everyRowLandsInIcebergExactlyOnceThroughRandomKills() throws Exception {
    EventFiles.writeCsv(dir.resolve("in"), FILES, ROWS);
    Path config = Files.writeString(dir.resolve("kills.yaml"), """
        source: {type: file, file: {path: in, format: csv, chunk_size_kb: 128}}
        sink:
          type: iceberg
          iceberg: {warehouse: warehouse, namespace: analytics, table: events, partition_by: ["day(ts)"],
                    commit_interval_s: 0}
        observability: {log_level: info}
        """);
    Path table = dir.resolve("warehouse/analytics/events");

    CrashHarness.Result result = CrashHarness.builder(dir, Main.class.getName(), "run", config.toString())
        .kills(6)
        .armedAfter(CrashHarness.newFiles(table.resolve("metadata"), "glob:*.metadata.json"), 3)
        .moment("writing", CrashHarness.newFiles(table.resolve("data"), "glob:**.parquet"), 300)
        .moment("committing", CrashHarness.newFiles(table.resolve("metadata"), "glob:*-m*.avro"), 20)
        .run();

    assertThat(result.exitCode()).as(result + "\n" + Files.readString(result.log())).isZero();
    assertThat(result.kills()).as(result.toString()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(result.killsIn("committing")).as(result.toString()).isGreaterThanOrEqualTo(2);
    EventTally landed = IcebergEvents.tally(Warehouse.table(dir.resolve("warehouse"), "analytics", "events"));
    assertThat(landed).as(result.toString()).matches(t -> t.isExactlyOnce(EventTally.expected(FILES, ROWS)),
        "every input row exactly once: " + EventTally.expected(FILES, ROWS));
  }

  @Test
  void everyRowLandsInParquetFilesAtLeastOnceThroughRandomKills(PostgresServer pg) throws Exception {
    EventFiles.writeNdjson(dir.resolve("in"), FILES, ROWS);
    Path config = Files.writeString(dir.resolve("kills.yaml"), """
        source: {type: file, file: {path: in, format: ndjson, chunk_size_kb: 128}}
        sink: {type: parquet, parquet: {path: out, partition_by: ["day(ts)"], flush_interval_s: 0}}
        reliability:
          checkpoint_store: {type: postgres, url: '%s', user: postgres}
        observability: {log_level: info}
        """.formatted(pg.createDatabase("random_kills")));
    Path out = dir.resolve("out");

    CrashHarness.Result result = CrashHarness.builder(dir, Main.class.getName(), "run", config.toString())
        .kills(6)
        .armedAfter(CrashHarness.newFiles(out, "glob:**.parquet"), 12)
        .moment("writing", CrashHarness.newFiles(out, "glob:**.inprogress"), 300)
        .moment("between publishing and saving", CrashHarness.newFiles(out, "glob:**.parquet"), 5)
        .run();

    assertThat(result.exitCode()).as(result + "\n" + Files.readString(result.log())).isZero();
    assertThat(result.kills()).as(result.toString()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(ParquetOutput.unfinished(out)).as("temporary files of killed runs are gone").isEmpty();
    EventTally written = ParquetOutput.tally(out, true);
    assertThat(written).as(result.toString()).matches(t -> t.isAtLeastOnce(EventTally.expected(FILES, ROWS)),
        "every input row at least once: " + EventTally.expected(FILES, ROWS));
    assertThat(pg.execute("random_kills", "SELECT count(*) FROM logpro_checkpoints WHERE pipeline_id = 'kills'")
        .strip()).isEqualTo(Integer.toString(FILES));
  }
}
