package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import dev.logpro.testkit.EventFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two pipelines append to the same table through the same catalog at the same time, each committing after every
 * batch so their commits collide: both finish, the counts add up, and each keeps its own positions.
 */
class ConcurrentWritersTest {
  @TempDir Path dir;

  private Pipeline pipeline(String id, Path input) {
    return Pipeline.fromYaml("""
        pipeline: %s
        source: {type: file, file: {path: %s, format: csv, chunk_size_kb: 16}}
        sink: {type: iceberg, iceberg: {warehouse: %s, namespace: shared, table: events, commit_interval_s: 0}}
        reliability: {dlq: {type: file, path: %s}}
        processing: {decode_threads: 1}
        """.formatted(id, input, dir.resolve("wh"), dir.resolve("dlq-" + id)));
  }

  @Test
  void twoPipelinesAppendingToOneTableBothFinishAndCountsAddUp() throws Exception {
    EventFiles.writeCsv(dir.resolve("in-a"), 3, 2000);
    EventFiles.writeCsv(dir.resolve("in-b"), 3, 2000);
    // The table exists before both start, as it would in production: two writers never race to create it.
    EventFiles.writeCsv(dir.resolve("seed"), 1, 1);
    pipeline("seed", dir.resolve("seed")).run();

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<RunSummary> a = pool.submit(() -> pipeline("writer-a", dir.resolve("in-a")).run());
      Future<RunSummary> b = pool.submit(() -> pipeline("writer-b", dir.resolve("in-b")).run());
      assertThat(a.get().rowsWritten()).isEqualTo(6000);
      assertThat(b.get().rowsWritten()).isEqualTo(6000);
      assertThat(a.get().commits()).isGreaterThan(1);
      assertThat(b.get().commits()).isGreaterThan(1);
    } finally {
      pool.shutdownNow();
    }

    Table table = Warehouse.table(dir.resolve("wh"), "shared", "events");
    List<Record> rows = Warehouse.rows(table);
    assertThat(rows).hasSize(12_001);
    Set<Object> ids = rows.stream().map(r -> r.getField("id")).collect(Collectors.toSet());
    assertThat(ids).hasSize(6000); // both inputs hold the same generated ids (the seed's one among them)

    // Each pipeline's positions survive the other's commits: running both again adds nothing.
    assertThat(pipeline("writer-a", dir.resolve("in-a")).run().rowsWritten()).isZero();
    assertThat(pipeline("writer-b", dir.resolve("in-b")).run().rowsWritten()).isZero();
    assertThat(Warehouse.rows(table)).hasSize(12_001);
  }
}
