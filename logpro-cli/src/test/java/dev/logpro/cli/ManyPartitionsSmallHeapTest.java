package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.testkit.ChildJvm;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of partitions in a 256 MiB heap, with a memory budget to match: a real `logpro run` in its own JVM writes
 * high-cardinality strings partitioned by a high-cardinality column, and by hour over months of shuffled timestamps.
 * It must finish without OutOfMemoryError and land every row exactly once, read back with Iceberg's reader.
 */
class ManyPartitionsSmallHeapTest {
  private static final int ROWS = 120_000;
  private static final int WIDE_ROWS = 400_000;
  @TempDir Path dir;

  private Path data() throws Exception {
    return data(ROWS);
  }

  private Path data(int rows) throws Exception {
    Path file = dir.resolve("in/events.csv");
    Files.createDirectories(file.getParent());
    SplittableRandom random = new SplittableRandom(13);
    long start = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    long span = 120L * 24 * 3600; // four months: 2,880 hours
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("id,ts,user,token,shard,url\n");
      for (int i = 0; i < rows; i++) {
        String ts = Instant.ofEpochSecond(start + random.nextLong(span)).toString();
        String token = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        out.write(i + "," + ts + ",user-" + random.nextInt(3_000) + "," + token + "," + (i % 60)
            + ",https://shop.example.com/item/" + random.nextInt(1_000_000) + "?ref=" + token.substring(0, 8) + "\n");
      }
    }
    return file.getParent();
  }

  private void runWithSmallHeap(Path input, String partitionBy) throws Exception {
    runWithSmallHeap(input, partitionBy, ROWS);
  }

  private void runWithSmallHeap(Path input, String partitionBy, int rows) throws Exception {
    Path config = dir.resolve("pipeline.yaml");
    Files.writeString(config, """
        pipeline: many
        source: {type: file, file: {path: "%s", format: csv}}
        processing: {memory_limit_mb: 96}
        sink: {type: iceberg, iceberg: {warehouse: "%s", table: t, partition_by: ["%s"]}}
        """.formatted(input, dir.resolve("wh"), partitionBy));
    Path log = dir.resolve("run.log");
    Process process = ChildJvm.start(dir, log, List.of("-Xmx256m"), Main.class.getName(), "run", config.toString());
    assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("finished").isTrue();
    String output = Files.readString(log);
    assertThat(output).doesNotContain("OutOfMemoryError");
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("written     " + String.format("%,d", rows) + " rows");
  }

  private void assertEveryRowOnce(int partitions) {
    assertEveryRowOnce(partitions, ROWS);
  }

  private void assertEveryRowOnce(int partitions, int expected) {
    Table table = Warehouse.table(dir.resolve("wh"), "default", "t");
    List<Record> rows = Warehouse.rows(table);
    Set<Long> ids = new HashSet<>();
    rows.forEach(r -> ids.add((Long) r.getField("id")));
    // Each row's values still belong together: the URL carries its token's first 8 characters, the shard is id % 60.
    assertThat(rows).allSatisfy(r -> {
      String token = (String) r.getField("token");
      assertThat((String) r.getField("url")).endsWith("?ref=" + token.substring(0, 8));
      assertThat((Long) r.getField("shard")).isEqualTo((Long) r.getField("id") % 60);
    });
    assertThat(rows).hasSize(expected);
    assertThat(ids).hasSize(expected);
    Set<String> seen = new HashSet<>();
    table.newScan().planFiles().forEach(task -> seen.add(task.file().partition().toString()));
    assertThat(seen).hasSizeGreaterThanOrEqualTo(partitions);
  }

  /**
   * Sixty partitions, all open at once, each getting thousands of unique strings: their dictionaries alone would
   * need several times the heap unless the sink counts them against the budget.
   */
  @Test
  void dozensOfOpenPartitionsOfUniqueStrings() throws Exception {
    runWithSmallHeap(data(WIDE_ROWS), "shard", WIDE_ROWS);
    assertEveryRowOnce(60, WIDE_ROWS);
  }

  @Test
  void aHighCardinalityIdentityPartition() throws Exception {
    runWithSmallHeap(data(), "user");
    assertEveryRowOnce(2_950);
  }

  @Test
  void hourOverMonthsOfShuffledTimestamps() throws Exception {
    runWithSmallHeap(data(), "hour(ts)");
    assertEveryRowOnce(2_850);
  }
}
