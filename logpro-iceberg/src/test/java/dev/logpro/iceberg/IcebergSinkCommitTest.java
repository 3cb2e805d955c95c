package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.Transactional;
import dev.logpro.testkit.NoArrowLeaks;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Commits, positions in snapshot summaries, and what is left on disk when things go wrong. */
@ExtendWith(NoArrowLeaks.class)
class IcebergSinkCommitTest extends SinkTestSupport {

  @Test
  void positionsRoundTripThroughCommitAndRestore(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThat(sink.restorePositions(PIPELINE)).isEmpty();
      write(sink, allocator, 0, 10);
      sink.commit(PIPELINE, positions("a", "10", "b", "3"));
      // another pipeline commits in between
      write(sink, allocator, 10, 5);
      sink.commit("other", positions("x", "99"));
      // this pipeline: only split a moved; b must be kept
      write(sink, allocator, 15, 5);
      sink.commit(PIPELINE, positions("a", "20"));
      // nothing written, positions moved: still a snapshot
      Table table = sink.table();
      long before = table.currentSnapshot().snapshotId();
      Transactional.Commit positionsOnly = sink.commit(PIPELINE, positions("c", "1"));
      assertThat(positionsOnly.files()).isZero();
      assertThat(positionsOnly.id()).isNotNull().isNotEqualTo(Long.toString(before));
      // nothing written, nothing moved: no snapshot
      assertThat(sink.commit(PIPELINE, positions("a", "20"))).isEqualTo(Transactional.Commit.NONE);

      Snapshot last = table.currentSnapshot();
      assertThat(last.summary()).containsKeys("logpro.commit-id").containsEntry("logpro.pipeline", PIPELINE);
      assertThat(readAll(table)).hasSize(20);
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThat(sink.restorePositions(PIPELINE)).isEqualTo(positions("a", "20", "b", "3", "c", "1"));
      assertThat(sink.restorePositions("other")).isEqualTo(positions("x", "99"));
      assertThat(sink.restorePositions("never")).isEmpty();
    }
  }

  @Test
  void restoreOnMissingTableIsEmptyAndCommitsNothing(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThat(sink.restorePositions(PIPELINE)).isEmpty();
      assertThat(sink.commit(PIPELINE, positions("a", "1"))).isEqualTo(Transactional.Commit.NONE);
      assertThat(sink.table()).isNull();
    }
  }

  @Test
  void closeWithoutCommitDeletesTheUncommittedFiles(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of("bucket[4](id)"))) {
      write(sink, allocator, 0, 10);
      sink.commit(PIPELINE, Map.of());
      write(sink, allocator, 10, 100);
    }
    try (Stream<Path> files = Files.walk(warehouse)) {
      List<String> parquet = files.map(Path::toString).filter(p -> p.endsWith(".parquet")).toList();
      try (IcebergSink sink = open(allocator, List.of())) {
        assertThat(parquet).hasSize(dataFiles(sink.table(), Expressions.alwaysTrue()).size());
        assertThat(readAll(sink.table())).hasSize(10);
      }
    }
    try (Stream<Path> files = Files.walk(warehouse)) {
      assertThat(files.map(Path::toFile).map(File::getName).filter(n -> n.endsWith(".crc"))).isEmpty();
    }
  }

  @Test
  void failedCommitLeavesNoFilesBehindAndBlocksLaterCommits(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, 0, 10);
      sink.commit(PIPELINE, positions("a", "10"));
      write(sink, allocator, 10, 10);
      try (var catalog = (java.io.Closeable & org.apache.iceberg.catalog.Catalog) Catalogs.embedded(warehouse)) {
        catalog.dropTable(org.apache.iceberg.catalog.TableIdentifier.of("logs", "events"), false);
      }
      assertThatThrownBy(() -> sink.commit(PIPELINE, positions("a", "20"))).isInstanceOf(RuntimeException.class);
      assertThatThrownBy(() -> sink.commit(PIPELINE, positions("a", "20")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("commit failed");
    }
    try (Stream<Path> files = Files.walk(warehouse)) {
      assertThat(files.filter(p -> p.toString().endsWith(".parquet"))).hasSize(1);
    }
  }

  @Test
  void passesCatalogPropertiesThroughToIceberg(BufferAllocator allocator) throws Exception {
    Map<String, Object> catalog = Map.of(
        "type", "jdbc",
        "name", "shared",
        "uri", "jdbc:sqlite:" + warehouse.resolve("other.db"),
        "jdbc.schema-version", "V1",
        "io-impl", LocalFileIO.class.getName());
    IcebergSinkConfig config = new IcebergSinkConfig(
        warehouse.toString(), "ns", "t", List.of(), 512, null, 60, catalog);
    try (IcebergSink sink = new IcebergSink(config)) {
      sink.open(new TestContext(PIPELINE, allocator));
      write(sink, allocator, 0, 5);
      assertThat(sink.commit(PIPELINE, positions("a", "5")).rows()).isEqualTo(5);
      assertThat(sink.table().name()).isEqualTo("shared.ns.t");
    }
    assertThat(warehouse.resolve("other.db")).exists();
    assertThat(warehouse.resolve("catalog.db")).doesNotExist();

    IcebergSinkConfig untyped = new IcebergSinkConfig(
        warehouse.toString(), "ns", "t", List.of(), 512, null, 60, Map.of("uri", "x"));
    try (IcebergSink sink = new IcebergSink(untyped)) {
      assertThatThrownBy(() -> sink.open(new TestContext(PIPELINE, allocator)))
          .hasMessageContaining("sink.iceberg.catalog.type: required (one of: bigquery, glue, hadoop");
    }
  }
}
