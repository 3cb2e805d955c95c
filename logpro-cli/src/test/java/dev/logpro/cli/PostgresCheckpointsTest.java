package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import dev.logpro.testkit.EventFiles;
import dev.logpro.testkit.EventTally;
import dev.logpro.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files into raw Parquet with positions in a real PostgreSQL: they restore on the next run; a save that fails after
 * the files were published makes the next run write those rows again, and loses none; a database that goes away and
 * comes back mid-run is waited out.
 */
class PostgresCheckpointsTest {
  private static final int FILES = 10;
  private static final int ROWS = 1000;

  @TempDir Path dir;

  private Pipeline pipeline(String url, int maxAttempts) {
    return Pipeline.fromYaml("""
        pipeline: pg-checkpoints
        source: {type: file, file: {path: %s, format: csv, chunk_size_kb: 16}}
        sink: {type: parquet, parquet: {path: %s, partition_by: [country], flush_interval_s: 0}}
        reliability:
          dlq: {type: file, path: %s}
          checkpoint_store: {type: postgres, url: '%s', user: postgres, table: ingest_positions}
          retry: {max_attempts: %d, initial_delay_ms: 200, max_delay_ms: 1000}
        """.formatted(dir.resolve("in"), dir.resolve("out"), dir.resolve("dlq"), url, maxAttempts));
  }

  /** Positions saved for the pipeline so far; 0 while the table does not exist or the server is down. */
  private static int savedSplits(String url) {
    try (Connection db = DriverManager.getConnection(url, PostgresServer.USER, "");
        Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM ingest_positions")) {
      rows.next();
      return rows.getInt(1);
    } catch (java.sql.SQLException e) {
      return 0;
    }
  }

  private EventTally written() throws Exception {
    return ParquetOutput.tally(dir.resolve("out"), false);
  }

  @Test
  void positionsSavedInPostgresResumeTheNextRun() throws Exception {
    EventFiles.writeCsv(dir.resolve("in"), FILES, ROWS);
    try (PostgresServer pg = PostgresServer.start()) {
      String url = pg.createDatabase("checkpoints");
      RunSummary first = pipeline(url, 3).run();
      RunSummary again = pipeline(url, 3).run();
      Files.writeString(dir.resolve("in/events-0003.csv"), "late-1,2026-01-02T00:00:00Z,1,click,US,1.5,7,00001\n",
          StandardOpenOption.APPEND);
      RunSummary appended = pipeline(url, 3).run();

      assertThat(first.rowsWritten()).isEqualTo((long) FILES * ROWS);
      assertThat(again.rowsWritten()).as("nothing new: every position was saved").isZero();
      assertThat(appended.rowsWritten()).as("only the appended row").isEqualTo(1);
      assertThat(pg.execute("checkpoints", "SELECT count(*) FROM ingest_positions WHERE pipeline_id = 'pg-checkpoints'")
          .strip()).isEqualTo(Integer.toString(FILES));
      assertThat(ParquetOutput.events(dir.resolve("out"), false)).hasSize(FILES * ROWS + 1);
    }
  }

  @Test
  void aSaveThatFailsAfterTheFilesWerePublishedRepeatsRowsButLosesNone() throws Exception {
    EventFiles.writeCsv(dir.resolve("in"), FILES, ROWS);
    try (PostgresServer pg = PostgresServer.start()) {
      String url = pg.createDatabase("checkpoints");
      Pipeline first = pipeline(url, 1);
      Thread crash = new Thread(() -> {
        await().atMost(Duration.ofSeconds(60)).until(() -> savedSplits(url) > 0);
        try {
          pg.stop();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      crash.start();

      assertThatThrownBy(first::run).hasMessageContaining("Cannot save positions after 1 attempt");
      crash.join();
      long publishedBeforeFailure = ParquetOutput.events(dir.resolve("out"), false).size();
      assertThat(ParquetOutput.unfinished(dir.resolve("out"))).isEmpty();

      pg.restart();
      RunSummary second = pipeline(url, 3).run();

      EventTally written = written();
      EventTally input = EventTally.expected(FILES, ROWS);
      assertThat(written).matches(t -> t.isAtLeastOnce(input), "every row at least once: " + input);
      assertThat(written.rows()).as("the rows published by the flush whose save failed are written again")
          .isGreaterThan(input.rows());
      assertThat(publishedBeforeFailure + second.rowsWritten()).isEqualTo(written.rows());
    }
  }

  @Test
  void theCheckpointDatabaseStoppedAndStartedAgainIsWaitedOut() throws Exception {
    EventFiles.writeCsv(dir.resolve("in"), FILES, ROWS);
    try (PostgresServer pg = PostgresServer.start()) {
      String url = pg.createDatabase("checkpoints");
      Pipeline pipeline = pipeline(url, 40);
      Thread outage = new Thread(() -> {
        await().atMost(Duration.ofSeconds(60)).until(() -> savedSplits(url) > 0);
        try {
          pg.stop();
          Thread.sleep(3000);
          pg.restart();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      outage.start();

      RunSummary summary = pipeline.run();
      outage.join();

      assertThat(summary.rowsWritten()).isEqualTo((long) FILES * ROWS);
      assertThat(summary.arrowBytesOutstanding()).isZero();
      assertThat(written()).as("a save retried after the same flush repeats nothing")
          .matches(t -> t.isExactlyOnce(EventTally.expected(FILES, ROWS)), "exactly once");
      assertThat(savedSplits(url)).isEqualTo(FILES);
    }
  }
}
