package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import dev.logpro.testkit.EventFiles;
import dev.logpro.testkit.EventTally;
import dev.logpro.testkit.IcebergEvents;
import dev.logpro.testkit.LossyProxy;
import dev.logpro.testkit.PostgresServer;
import java.io.Closeable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iceberg's JDBC catalog on a real PostgreSQL that fails mid-run, configured as a user would (catalog properties
 * passed through): the server stopped and started again a few seconds later, and a commit applied whose answer is
 * lost on the way back. Commits retry as {@code reliability.retry} says, and every row lands exactly once.
 */
class PostgresCatalogOutageTest {
  private static final int FILES = 12;
  private static final int ROWS = 1000;

  @TempDir Path dir;

  private Pipeline pipeline(String catalogUrl) {
    return Pipeline.fromYaml("""
        pipeline: pg-outage
        source: {type: file, file: {path: %s, format: csv, chunk_size_kb: 32}}
        sink:
          type: iceberg
          iceberg:
            warehouse: %s
            table: events
            commit_interval_s: 0
            catalog: {type: jdbc, name: pg, uri: '%s', jdbc.user: postgres, jdbc.schema-version: V1}
        reliability:
          dlq: {type: file, path: %s}
          retry: {max_attempts: 40, initial_delay_ms: 200, max_delay_ms: 1000}
        """.formatted(dir.resolve("in"), dir.resolve("wh"), catalogUrl, dir.resolve("dlq")));
  }

  /** What landed, read through a catalog of its own on the same database. */
  private EventTally landed(String catalogUrl) throws Exception {
    Catalog catalog = CatalogUtil.buildIcebergCatalog("pg", Map.of("type", "jdbc", "uri", catalogUrl,
        "jdbc.user", PostgresServer.USER, "jdbc.schema-version", "V1", "warehouse", dir.resolve("wh").toString()),
        new Configuration());
    try {
      return IcebergEvents.tally(catalog.loadTable(TableIdentifier.of("default", "events")));
    } finally {
      ((Closeable) catalog).close();
    }
  }

  @Test
  void theCatalogDatabaseStoppedAndStartedAgainIsWaitedOut() throws Exception {
    EventFiles.writeCsv(dir.resolve("in"), FILES, ROWS);
    try (PostgresServer pg = PostgresServer.start()) {
      String url = pg.createDatabase("catalog");
      Pipeline pipeline = pipeline(url);
      AtomicLong commitsBeforeOutage = new AtomicLong(-1);
      Thread outage = new Thread(() -> {
        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.stats().commits() >= 2);
        try {
          commitsBeforeOutage.set(pipeline.stats().commits());
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

      assertThat(commitsBeforeOutage.get()).as("the database stopped while the pipeline ran").isPositive();
      assertThat(summary.commits()).as("commits went on after the restart").isGreaterThan(commitsBeforeOutage.get());
      assertThat(summary.arrowBytesOutstanding()).isZero();
      assertThat(landed(url)).matches(t -> t.isExactlyOnce(EventTally.expected(FILES, ROWS)), "exactly once");
    }
  }

  /**
   * The catalog applies a commit, the answer is lost and the database cannot be reached for a while: Iceberg reports
   * a plain SQL failure. The retry must find that commit in the table rather than append its files again.
   */
  @Test
  void aCommitWhoseAnswerIsLostIsNotMadeTwice() throws Exception {
    EventFiles.writeCsv(dir.resolve("in"), FILES, ROWS);
    try (PostgresServer pg = PostgresServer.start(); LossyProxy proxy = LossyProxy.start(pg.port())) {
      pg.createDatabase("catalog");
      // The driver must send the statement's text each time for the proxy to recognise it.
      String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/catalog?prepareThreshold=0";
      Pipeline pipeline = pipeline(url);
      Thread arm = new Thread(() -> {
        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.stats().commits() >= 2);
        proxy.loseAnswerTo("UPDATE iceberg_tables", Duration.ofSeconds(4));
      });
      arm.start();

      RunSummary summary = pipeline.run();
      arm.join();

      assertThat(proxy.answersLost()).as("a commit was applied and its answer lost").isEqualTo(1);
      assertThat(summary.rowsWritten()).isEqualTo((long) FILES * ROWS);
      assertThat(landed(url)).matches(t -> t.isExactlyOnce(EventTally.expected(FILES, ROWS)), "exactly once");
    }
  }
}
