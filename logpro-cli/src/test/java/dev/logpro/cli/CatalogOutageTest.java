package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import dev.logpro.testkit.EventFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded catalog becomes unavailable mid-run: another process holds an exclusive lock on its SQLite database
 * (a real lock on the real file, as a second writer or a backup would). Commits fail while it lasts; with retries the
 * run waits it out and lands every row once, without them it fails cleanly and the next run lands them.
 */
class CatalogOutageTest {
  @TempDir Path dir;

  private Pipeline pipeline(int maxAttempts) {
    return Pipeline.fromYaml("""
        pipeline: outage
        source: {type: file, file: {path: %s, format: csv, chunk_size_kb: 16}}
        sink: {type: iceberg, iceberg: {warehouse: %s, table: events, commit_interval_s: 0}}
        reliability:
          dlq: {type: file, path: %s}
          retry: {max_attempts: %d, initial_delay_ms: 200, max_delay_ms: 2000}
        """.formatted(dir.resolve("in"), dir.resolve("wh"), dir.resolve("dlq"), maxAttempts));
  }

  /** Holds an exclusive lock on the catalog database from the moment rows have been committed, for {@code millis}. */
  private Thread lockCatalogAfterFirstCommit(Pipeline pipeline, long millis, CountDownLatch locked) {
    Thread thread = new Thread(() -> {
      while (pipeline.stats().commits() == 0) {
        Thread.onSpinWait();
      }
      try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("wh/catalog.db"));
          Statement statement = sqlite.createStatement()) {
        statement.execute("BEGIN EXCLUSIVE");
        locked.countDown();
        Thread.sleep(millis);
        statement.execute("COMMIT");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    thread.start();
    return thread;
  }

  @Test
  void commitsRetryUntilTheCatalogIsBackAndLandEveryRowOnce() throws Exception {
    EventFiles.writeCsv(dir.resolve("in"), 4, 1500);
    Pipeline pipeline = pipeline(20);
    CountDownLatch locked = new CountDownLatch(1);
    Thread locker = lockCatalogAfterFirstCommit(pipeline, 6000, locked);

    RunSummary summary = pipeline.run();
    locker.join();

    assertThat(locked.getCount()).isZero();
    assertThat(summary.rowsWritten()).isEqualTo(6000);
    assertThat(summary.arrowBytesOutstanding()).isZero();
    var rows = Warehouse.rows(Warehouse.table(dir.resolve("wh"), "default", "events"));
    assertThat(rows).hasSize(6000);
    assertThat(rows.stream().map(r -> r.getField("id")).distinct().count()).isEqualTo(6000);
  }

  @Test
  void withoutRetriesTheRunFailsCleanlyAndTheNextRunLandsTheRest() throws Exception {
    EventFiles.writeCsv(dir.resolve("in"), 4, 1500);
    Pipeline first = pipeline(1);
    CountDownLatch locked = new CountDownLatch(1);
    Thread locker = lockCatalogAfterFirstCommit(first, 6000, locked);

    assertThatThrownBy(first::run).hasMessageContaining("commit");
    locker.join();

    RunSummary second = pipeline(1).run();
    var rows = Warehouse.rows(Warehouse.table(dir.resolve("wh"), "default", "events"));
    assertThat(rows).hasSize(6000);
    assertThat(rows.stream().map(r -> r.getField("id")).distinct().count()).isEqualTo(6000);
    assertThat(second.rowsWritten()).isLessThan(6000);
  }
}
