package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logpro.testkit.ChildJvm;
import dev.logpro.testkit.EventFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops the real {@code logpro run} process with SIGTERM mid-run (once to drain, twice to exit at once) and starts it
 * again: every input row must land exactly once. SIGKILL at random moments is {@link RandomKillsTest}'s.
 */
class CrashRecoveryTest {
  private static final int FILES = 12;
  private static final int ROWS = 4000;

  @TempDir Path dir;

  private Path config() throws Exception {
    EventFiles.writeCsv(dir.resolve("in"), FILES, ROWS);
    return Files.writeString(dir.resolve("crash.yaml"), """
        source: {type: file, file: {path: in, format: csv, chunk_size_kb: 32}}
        sink:
          type: iceberg
          iceberg: {warehouse: warehouse, namespace: analytics, table: events, partition_by: ["day(ts)"], commit_interval_s: 0}
        observability: {log_level: info, progress: always}
        """);
  }

  private Process start(Path config) throws Exception {
    return ChildJvm.start(dir, dir.resolve("run.log"), Main.class.getName(), "run", config.toString());
  }

  private long commitsLogged() throws Exception {
    Path log = dir.resolve("run.log");
    return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("Committed")).count() : 0;
  }

  @Test
  void sigtermDrainsCommitsAndExitsZero() throws Exception {
    Path config = config();
    Process run = start(config);
    await().atMost(Duration.ofSeconds(90)).until(() -> commitsLogged() >= 2 || !run.isAlive());
    assertThat(run.isAlive()).isTrue();
    run.destroy();
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).as(Files.readString(dir.resolve("run.log"))).isZero();
    assertThat(Files.readString(dir.resolve("run.log")))
        .contains("SIGTERM received, draining")
        .containsPattern("\\d+ files  [\\d,]+ rows  \\d+ dead  [\\d.]+ MB/s")
        .contains("pipeline crash done in");

    Table table = Warehouse.table(dir.resolve("warehouse"), "analytics", "events");
    int drained = Warehouse.rows(table).size();
    assertThat(drained).isGreaterThan(0);

    Process rest = start(config);
    assertThat(rest.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(rest.exitValue()).isZero();
    List<Record> rows = Warehouse.rows(table);
    assertThat(rows).hasSize(FILES * ROWS);
    assertThat(rows.stream().map(r -> r.getField("id")).distinct().count()).isEqualTo((long) FILES * ROWS);
  }

  @Test
  void aSecondSigtermExitsAtOnceAndLosesNothingCommitted() throws Exception {
    Path config = config();
    Process run = start(config);
    await().atMost(Duration.ofSeconds(90)).until(() -> commitsLogged() >= 2 || !run.isAlive());
    assertThat(run.isAlive()).isTrue();
    run.destroy();
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("run.log")).contains("draining"));
    run.destroy();
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).as("a second SIGTERM stops without draining: exit 128 + 15, or 0 if the drain won")
        .isIn(0, 143);

    Process rest = start(config);
    assertThat(rest.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(rest.exitValue()).isZero();
    List<Record> rows = Warehouse.rows(Warehouse.table(dir.resolve("warehouse"), "analytics", "events"));
    assertThat(rows).hasSize(FILES * ROWS);
    assertThat(rows.stream().map(r -> r.getField("id")).distinct().count()).isEqualTo((long) FILES * ROWS);
  }
}
