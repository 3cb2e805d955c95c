package dev.logpro.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.testkit.EventFiles;
import dev.logpro.testkit.EventTally;
import dev.logpro.testkit.IcebergEvents;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a table's snapshots are expired and logpro's positions are removed from it by hand, logpro cannot tell which
 * inputs the table already holds: {@code logpro run} refuses to guess (exit 2, one {@code error:} line naming
 * {@code --from-scratch}), and {@code logpro run --from-scratch} reads every input again.
 */
class SparkLostPositionsTest {
  private static final int FILES = 2;
  private static final int ROWS = 300;
  private static final String POSITIONS_PROPERTY = "logpro.positions.events";

  private static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.start();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void positionsRemovedByHandStopTheRunUntilItIsToldToStartFromScratch(TestInfo test) throws Exception {
    Lake lake = new Lake(dir, spark, test);
    EventFiles.writeCsv(dir.resolve("in"), FILES, ROWS);
    Path config = lake.config("events", """
        pipeline: events
        source: {type: file, file: {path: in, format: csv, chunk_size_kb: 8}}
        sink:
          type: iceberg
          iceberg: {warehouse: "%W", namespace: ns, table: events, partition_by: ["day(ts)"], commit_interval_s: 0}
        reliability: {dlq: {type: file, path: dlq}}
        """);
    assertThat(lake.runOk(config).rowsRead()).isEqualTo(FILES * ROWS);

    // Compaction first, so that the one snapshot expiry keeps is Spark's, not one of logpro's commits (whose
    // summary would still say where logpro's positions are); then the positions' table property goes too.
    lake.sql("CALL logpro.system.rewrite_data_files(table => 'ns.events', options => map('min-input-files', '2'))")
        .collectAsList();
    lake.sql("CALL logpro.system.expire_snapshots(table => 'ns.events', older_than => TIMESTAMP '"
        + DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC).format(Instant.now())
        + "', retain_last => 1)").collectAsList();
    assertThat(lake.<Long>scalar("SELECT count(*) FROM logpro.ns.events.snapshots")).isEqualTo(1);
    lake.sql("ALTER TABLE logpro.ns.events UNSET TBLPROPERTIES IF EXISTS ('" + POSITIONS_PROPERTY + "')");
    assertThat(lake.table("ns.events").properties()).doesNotContainKey(POSITIONS_PROPERTY);

    LogproProcess.Result refused = lake.run(config);

    assertThat(refused.exitCode()).as("%s", refused).isEqualTo(2);
    assertThat(refused.errors()).as("%s", refused).singleElement().asString().contains("--from-scratch");
    assertThat(lake.count("ns.events")).as("rows after the refused run").isEqualTo(FILES * ROWS);

    LogproProcess.Result fromScratch = lake.runOk(config, "--from-scratch");

    assertThat(fromScratch.rowsRead()).as("%s", fromScratch).isEqualTo(FILES * ROWS);
    // As the error warned: rows already in the table are there twice now.
    EventTally tally = IcebergEvents.tally(lake.table("ns.events"));
    EventTally input = EventTally.expected(FILES, ROWS);
    assertThat(tally.rows()).isEqualTo(2L * FILES * ROWS);
    assertThat(tally.isAtLeastOnce(input)).as("%s", tally).isTrue();
    LogproProcess.Result after = lake.runOk(config);
    assertThat(after.rowsRead()).as("a plain run after it resumes: %s", after).isZero();
    assertThat(lake.count("ns.events")).isEqualTo(2L * FILES * ROWS);
  }
}
