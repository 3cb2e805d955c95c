package dev.logpro.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.testkit.EventFiles;
import dev.logpro.testkit.EventTally;
import dev.logpro.testkit.IcebergEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spark maintains a table logpro writes to, between runs and during one, as a user's scheduled jobs would: compaction,
 * snapshot expiry, manifest rewrites, orphan-file removal, schema and partition changes, deletes, its own inserts.
 * logpro then runs again over the same inputs plus a new file, and must re-read nothing and lose nothing: the table
 * holds every input row once (less the rows Spark deleted), and the second run reads only the new file.
 */
class SparkMaintenanceTest {
  private static final int ROWS = 300;
  private static final String TABLE = "ns.events";
  private static final String T = "logpro." + TABLE;
  private static final DateTimeFormatter SQL_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private static SparkSession spark;

  @TempDir Path dir;
  private Lake lake;

  @BeforeAll
  static void startSpark() {
    // remove_orphan_files refuses an older_than under 24 hours ago unless spark.testing is set (Iceberg's
    // RemoveOrphanFilesProcedure): the tests run it with "now", between logpro runs, when nothing else writes.
    spark = SparkSessions.start(Map.of("spark.testing", "true"));
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @BeforeEach
  void lake(TestInfo test) {
    lake = new Lake(dir, spark, test);
  }

  /** A pipeline over {@code in-<id>}: a commit per 8 KiB batch, so the table has many snapshots and small files. */
  private Path pipeline(String id) {
    return lake.config(id, """
        pipeline: %s
        source: {type: file, file: {path: in-%s, format: csv, chunk_size_kb: 8}}
        sink:
          type: iceberg
          iceberg: {warehouse: "%%W", namespace: ns, table: events, partition_by: ["day(ts)"], commit_interval_s: 0}
        reliability: {dlq: {type: file, path: dlq-%s}}
        processing: {decode_threads: 1}
        """.formatted(id, id, id));
  }

  /** Generated event files {@code from} to {@code to - 1} (each with its own ids), moved into {@code in-<id>}. */
  private void addInput(String id, int from, int to) throws Exception {
    Path generated = dir.resolve("generated");
    List<Path> files = EventFiles.writeCsv(generated, to, ROWS);
    Path in = Files.createDirectories(dir.resolve("in-" + id));
    for (int f = from; f < to; f++) {
      Files.move(files.get(f), in.resolve(files.get(f).getFileName()));
    }
  }

  private static String now() {
    return "TIMESTAMP '" + SQL_TIME.format(Instant.now()) + "'";
  }

  /** The rows of generated files {@code from} to {@code to - 1} that {@code keep} keeps. */
  private static List<EventFiles.Event> events(int from, int to, Predicate<EventFiles.Event> keep) {
    List<EventFiles.Event> events = new ArrayList<>();
    for (int f = from; f < to; f++) {
      for (int r = 0; r < ROWS; r++) {
        EventFiles.Event e = EventFiles.event(f, r);
        if (keep.test(e)) {
          events.add(e);
        }
      }
    }
    return events;
  }

  /** The table holds {@code expected}, each row once and nothing else, as Spark and Iceberg's reader both see. */
  private void assertExactly(List<EventFiles.Event> expected) {
    Row counts = lake.sql("SELECT count(*), count(DISTINCT id) FROM " + T).first();
    assertThat(counts.getLong(0)).as("rows Spark reads").isEqualTo(expected.size());
    assertThat(counts.getLong(1)).as("distinct ids Spark reads").isEqualTo(expected.size());
    EventTally tally = IcebergEvents.tally(lake.table(TABLE));
    assertThat(tally.isExactlyOnce(EventTally.of(expected)))
        .as("every expected row exactly once: %s, expected %s", tally, EventTally.of(expected)).isTrue();
  }

  /**
   * What Spark does to the table between the two runs.
   *
   * @param name what it is, for the test's name
   * @param statements Spark SQL, {@code {t}} standing for the table and {@code {now}} for the current time
   * @param deleted the input rows the statements delete
   */
  record Maintenance(String name, List<String> statements, Predicate<EventFiles.Event> deleted) {
    Maintenance(String name, String... statements) {
      this(name, List.of(statements), e -> false);
    }

    boolean does(String what) {
      return statements.stream().anyMatch(s -> s.contains(what));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Maintenance> maintenance() {
    return Stream.of(
        new Maintenance("compaction",
            "CALL logpro.system.rewrite_data_files(table => '{table}', options => map('min-input-files', '2'))"),
        new Maintenance("snapshot expiry",
            "CALL logpro.system.expire_snapshots(table => '{table}', older_than => {now}, retain_last => 1)"),
        new Maintenance("manifest rewrite", "CALL logpro.system.rewrite_manifests('{table}')"),
        new Maintenance("orphan-file removal",
            "CALL logpro.system.remove_orphan_files(table => '{table}', older_than => {now})",
            "CALL logpro.system.remove_orphan_files(table => '{table}')"),
        new Maintenance("a maintenance job: compaction, expiry, manifests, orphans",
            "CALL logpro.system.rewrite_data_files(table => '{table}', options => map('min-input-files', '2'))",
            "CALL logpro.system.expire_snapshots(table => '{table}', older_than => {now}, retain_last => 1)",
            "CALL logpro.system.rewrite_manifests('{table}')",
            "CALL logpro.system.remove_orphan_files(table => '{table}', older_than => {now})"),
        new Maintenance("a new column", "ALTER TABLE {t} ADD COLUMN note string"),
        new Maintenance("a new partition field",
            "ALTER TABLE {t} ADD PARTITION FIELD bucket(4, user_id) AS user_bucket"),
        new Maintenance("a delete", List.of("DELETE FROM {t} WHERE type = 'click'"), e -> e.type().equals("click")));
  }

  private void apply(List<String> statements) {
    for (String statement : statements) {
      lake.sql(statement.replace("{table}", TABLE).replace("{t}", T).replace("{now}", now())).collectAsList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maintenance")
  void afterSparkMaintenanceLogproReadsOnlyWhatIsNew(Maintenance maintenance) throws Exception {
    addInput("a", 0, 3);
    Path config = pipeline("a");
    assertThat(lake.runOk(config).rowsRead()).isEqualTo(3 * ROWS);
    Path orphan = maintenance.does("remove_orphan_files") ? plantOrphan() : null;

    apply(maintenance.statements());
    addInput("a", 3, 4);
    LogproProcess.Result again = lake.runOk(config);

    assertThat(again.rowsRead()).as("rows the second run read (only the new file's): %s", again).isEqualTo(ROWS);
    List<EventFiles.Event> expected = events(0, 3, maintenance.deleted().negate());
    expected.addAll(events(3, 4, e -> true));
    assertExactly(expected);
    if (orphan != null) {
      assertThat(orphan).as("the orphan file Spark was to remove").doesNotExist();
    }
    if (maintenance.does("ADD COLUMN")) {
      assertThat(lake.<Long>scalar("SELECT count(note) FROM " + T)).as("notes in logpro's rows").isZero();
    }
    if (maintenance.does("ADD PARTITION FIELD")) {
      assertThat(lake.<Long>scalar("SELECT count(*) FROM " + T + " WHERE _spec_id = 1")).as("rows in the new spec")
          .isEqualTo(ROWS);
      assertThat(lake.<Long>scalar("SELECT count(*) FROM " + T + " WHERE _spec_id = 1 AND NOT"
          + " (_partition.user_bucket <=> logpro.system.bucket(4, user_id))")).isZero();
    }
  }

  /** A data file no snapshot references, as a crashed writer leaves, written a minute ago. */
  private Path plantOrphan() throws Exception {
    Path data = lake.warehouse.resolve("ns/events/data");
    Path orphan = Files.writeString(data.resolve("orphan-from-a-crashed-writer.parquet"), "not parquet");
    Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minusSeconds(60)));
    return orphan;
  }

  /**
   * A Spark {@code INSERT} committed while a logpro run is between two of its commits is kept: logpro's next commit
   * goes on top of it (Iceberg's optimistic concurrency), and the run still lands every row once.
   *
   * <p>The run (36,000 rows, a commit per 16 KiB batch, about 150 commits) is paused with SIGSTOP after its second
   * commit, at a moment it holds no lock on the catalog, while Spark inserts; then it goes on. Without the pause the
   * test was a race: a pipeline that commits back to back (commit_interval_s: 0) leaves another writer's commit
   * little room, and once in five runs Spark's INSERT landed only after the run's last commit.
   */
  @Test
  void aSparkInsertCommittedWhileLogproRunsIsKept() throws Exception {
    EventFiles.writeCsv(dir.resolve("in"), 12, 3000);
    Path config = lake.config("busy", """
        pipeline: busy
        source: {type: file, file: {path: in, format: csv, chunk_size_kb: 16}}
        sink: {type: iceberg, iceberg: {warehouse: "%W", namespace: ns, table: events, commit_interval_s: 0}}
        reliability: {dlq: {type: file, path: dlq}}
        processing: {decode_threads: 1}
        """);
    LogproProcess run = lake.start(config);
    LogproProcess.Result result;
    long insert;
    try {
      // Counted in the table's metadata directory, not through Spark: Spark's catalog, opened while logpro opens
      // the new catalog.db, would race it to upgrade the catalog's tables (see metadataFiles).
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (metadataFiles() < 3 && run.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(run.isAlive()).as("the run is still going after its second commit (else: make its input larger)")
          .isTrue();
      pauseOutsideTheCatalog(run);
      try {
        long before = snapshots();
        lake.sql("INSERT INTO " + T + " (id, ts, user_id, type, country, latency_ms, amount, zip) VALUES"
            + " ('spark-1', TIMESTAMP '2026-01-02 03:04:05', 1, 'spark', 'US', 1.5, 7, '00001'),"
            + " ('spark-2', TIMESTAMP '2026-01-03 03:04:05', 2, 'spark', 'DE', 2.5, 8, '00002')");
        assertThat(snapshots()).as("snapshots after the INSERT, logpro paused").isEqualTo(before + 1);
        insert = lake.<Long>scalar("SELECT snapshot_id FROM " + T + ".snapshots"
            + " WHERE summary['spark.app.id'] IS NOT NULL");
      } finally {
        run.resume();
      }
      result = run.await();
    } finally {
      run.kill();
    }

    lake.keepIfFailed(result);
    assertThat(result.exitCode()).as("%s", result).isZero();
    assertThat(lake.<Long>scalar("SELECT count(*) FROM " + T + ".snapshots s JOIN " + T + ".history h"
        + " ON s.snapshot_id = h.snapshot_id WHERE h.is_current_ancestor AND h.parent_id IS NOT NULL"
        + " AND s.summary['logpro.commit-id'] IS NOT NULL AND s.committed_at >"
        + " (SELECT committed_at FROM " + T + ".snapshots WHERE snapshot_id = " + insert + ")"))
        .as("logpro commits on top of the INSERT").isPositive();
    assertThat(lake.<Long>scalar("SELECT count(*) FROM " + T + ".history WHERE is_current_ancestor"
        + " AND snapshot_id = " + insert)).as("the INSERT's snapshot is in the current ancestry").isEqualTo(1);
    Row counts = lake.sql("SELECT count(*), count(DISTINCT id), count_if(type = 'spark') FROM " + T).first();
    assertThat(counts.toString()).isEqualTo("[36002,36002,2]");
    EventTally logpro = EventTally.of(IcebergEvents.read(lake.table(TABLE)).stream()
        .filter(e -> !e.type().equals("spark")).toList());
    assertThat(logpro.isExactlyOnce(EventTally.expected(12, 3000))).as("%s", logpro).isTrue();

    assertThat(lake.runOk(config).rowsRead()).as("a run after it").isZero();
    assertThat(lake.count(TABLE)).isEqualTo(36_002);
  }

  /**
   * Pauses {@code run} at a moment it holds no lock on the SQLite catalog (it could be stopped inside a commit's
   * UPDATE, and Spark's commit would then wait for a lock no one releases): each try, an exclusive transaction on
   * the catalog must be possible at once, or the run goes on a little and is paused again.
   */
  private void pauseOutsideTheCatalog(LogproProcess run) throws Exception {
    for (int attempt = 0; attempt < 100; attempt++) {
      run.pause();
      try (Connection catalog = DriverManager.getConnection("jdbc:sqlite:" + lake.warehouse.resolve("catalog.db"));
          Statement statement = catalog.createStatement()) {
        statement.execute("PRAGMA busy_timeout = 0");
        statement.execute("BEGIN EXCLUSIVE");
        statement.execute("ROLLBACK");
        return;
      } catch (SQLException locked) {
        run.resume();
        Thread.sleep(15);
      }
    }
    throw new AssertionError("the run held a lock on the catalog at every try");
  }

  private long snapshots() {
    return lake.<Long>scalar("SELECT count(*) FROM " + T + ".snapshots");
  }

  /**
   * The table's {@code metadata.json} files: one when it is created, one more per commit. Looking at the files
   * keeps Spark's catalog closed until logpro has made its catalog: two {@code JdbcCatalog}s opening a new SQLite
   * catalog at once both add the V1 columns to its tables, and the second fails ("duplicate column name:
   * iceberg_type"), which made logpro exit 1 here once.
   */
  private long metadataFiles() throws Exception {
    Path metadata = lake.warehouse.resolve("ns/events/metadata");
    if (!Files.isDirectory(metadata)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(metadata)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".metadata.json")).count();
    }
  }

  /**
   * Two pipelines (two inputs, two ids) write one table; a maintenance job runs between their runs. Each keeps its
   * own positions through it: their next runs read only their new files.
   */
  @Test
  void twoPipelinesOnOneTableKeepTheirPositionsThroughMaintenance() throws Exception {
    addInput("a", 0, 2);
    addInput("b", 2, 4);
    Path a = pipeline("a");
    Path b = pipeline("b");
    assertThat(lake.runOk(a).rowsRead()).isEqualTo(2 * ROWS);
    assertThat(lake.runOk(b).rowsRead()).isEqualTo(2 * ROWS);

    apply(maintenance().filter(m -> m.name().startsWith("a maintenance job")).findFirst().orElseThrow()
        .statements());
    addInput("a", 4, 5);
    addInput("b", 5, 6);
    LogproProcess.Result againA = lake.runOk(a);
    LogproProcess.Result againB = lake.runOk(b);

    assertThat(againA.rowsRead()).as("%s", againA).isEqualTo(ROWS);
    assertThat(againB.rowsRead()).as("%s", againB).isEqualTo(ROWS);
    assertExactly(events(0, 6, e -> true));
  }
}
