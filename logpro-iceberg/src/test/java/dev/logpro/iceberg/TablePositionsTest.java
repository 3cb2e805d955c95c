package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.CannotResumeException;
import dev.logpro.api.Position;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Positions kept in table properties and positions files: what other engines' maintenance leaves them, what a
 * rollback does to them, what a start refuses, and that their cost stays flat as commits accumulate.
 */
@ExtendWith(NoArrowLeaks.class)
class TablePositionsTest extends SinkTestSupport {

  @Test
  void positionsSurviveSnapshotExpiryAfterAnotherWritersCommit(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, 0, 10);
      sink.commit(PIPELINE, positions("a", "10", "b", "3"));
      write(sink, allocator, 10, 10);
      sink.commit(PIPELINE, positions("a", "20"));
      Table table = sink.table();
      // Another engine commits (a compaction-like rewrite that carries no logpro summary), then expires every
      // snapshot but its own, as maintenance with retain_last => 1 does.
      compactAndExpire(table);
      table.refresh();
      assertThat(table.snapshots()).hasSize(1);
      assertThat(table.currentSnapshot().summary()).doesNotContainKey("logpro.pipeline");
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThat(sink.restorePositions(PIPELINE)).isEqualTo(positions("a", "20", "b", "3"));
      assertThat(IcebergTables.positions(sink.table(), PIPELINE).lastSnapshot()).isNull();
      write(sink, allocator, 20, 5);
      sink.commit(PIPELINE, positions("b", "9"));
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThat(sink.restorePositions(PIPELINE)).isEqualTo(positions("a", "20", "b", "9"));
      assertThat(readAll(sink.table())).hasSize(25);
    }
  }

  @Test
  void aRollbackTakesThePositionsBackWithTheRows(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, 0, 10);
      sink.commit(PIPELINE, positions("a", "10"));
      long first = sink.table().currentSnapshot().snapshotId();
      write(sink, allocator, 10, 10);
      sink.commit(PIPELINE, positions("a", "20"));
      sink.table().manageSnapshots().rollbackTo(first).commit();
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThat(sink.restorePositions(PIPELINE)).isEqualTo(positions("a", "10"));
      assertThat(readAll(sink.table())).hasSize(10);
      write(sink, allocator, 10, 10);
      sink.commit(PIPELINE, positions("a", "20"));
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThat(sink.restorePositions(PIPELINE)).isEqualTo(positions("a", "20"));
      assertThat(readAll(sink.table())).hasSize(20);
    }
  }

  @Test
  void aPipelineWhosePositionsWereRemovedIsRefusedUntilItStartsFromScratch(BufferAllocator allocator)
      throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, 0, 10);
      sink.commit(PIPELINE, positions("a", "10"));
      sink.table().updateProperties().remove(TablePositions.propertyKey(PIPELINE)).commit();
      compactAndExpire(sink.table());
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThatThrownBy(() -> sink.restorePositions(PIPELINE))
          .isInstanceOf(CannotResumeException.class)
          .hasMessageContaining("Pipeline '" + PIPELINE + "' has written to table")
          .hasMessageContaining("--from-scratch");
      assertThat(sink.restorePositions("another-pipeline")).isEmpty();

      sink.resetPositions(PIPELINE);
      write(sink, allocator, 0, 10);
      sink.commit(PIPELINE, positions("a", "10"));
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThat(sink.restorePositions(PIPELINE)).isEqualTo(positions("a", "10"));
    }
  }

  @Test
  void aFirstCommitThatNeverLandedLeavesNoTraceThatRefusesTheNextStart(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, 0, 10);
      // What a process killed in its first commit leaves: the table, and a positions file no commit points to.
      TablePositions.prepare(sink.table(), PIPELINE, TablePositions.Committed.NONE, positions("a", "10"),
          positions("a", "10"), "00000000-dead");
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThat(sink.restorePositions(PIPELINE)).isEmpty();
      write(sink, allocator, 0, 10);
      sink.commit(PIPELINE, positions("a", "10"));
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThat(sink.restorePositions(PIPELINE)).isEqualTo(positions("a", "10"));
      assertThat(readAll(sink.table())).hasSize(10);
    }
  }

  @Test
  void aMissingPositionsFileIsRefusedNotReadAsEmpty(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, 0, 10);
      sink.commit(PIPELINE, positions("a", "10"));
    }
    try (Stream<Path> files = Files.walk(warehouse)) {
      List<Path> positionsFiles = files.filter(p -> p.toString().contains("/.logpro/positions/"))
          .filter(p -> p.toString().endsWith(".json"))
          .toList();
      assertThat(positionsFiles).hasSize(1);
      Files.delete(positionsFiles.get(0));
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThatThrownBy(() -> sink.restorePositions(PIPELINE))
          .isInstanceOf(CannotResumeException.class)
          .hasMessageContaining("is missing")
          .hasMessageContaining("--from-scratch");
    }
  }

  @Test
  void positionsOfATableWrittenBeforePropertiesAreReadAndMovedByTheNextCommit(BufferAllocator allocator)
      throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, 0, 10);
      sink.commit("other", positions("x", "1"));
      // What an older logpro left: the whole map in the snapshot summary, no property.
      Table table = sink.table();
      table.newAppend().set("logpro.positions." + PIPELINE, "{\"a\":\"10\",\"b\":\"4\"}")
          .set("logpro.pipeline", PIPELINE).set("logpro.commit-id", "old").commit();
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThat(sink.restorePositions(PIPELINE)).isEqualTo(positions("a", "10", "b", "4"));
      write(sink, allocator, 10, 5);
      sink.commit(PIPELINE, positions("a", "15"));
      assertThat(sink.table().properties()).containsKey(TablePositions.propertyKey(PIPELINE));
      compactAndExpire(sink.table());
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThat(sink.restorePositions(PIPELINE)).isEqualTo(positions("a", "15", "b", "4"));
    }
  }

  @Test
  void whatACommitWritesStaysFlatAsCommitsAccumulate(BufferAllocator allocator) throws Exception {
    int commits = 150;
    int splitsPerCommit = 40;
    long firstPointer = 0;
    long lastPointer = 0;
    long written = 0;
    try (IcebergSink sink = open(allocator, List.of())) {
      sink.restorePositions(PIPELINE);
      for (int c = 0; c < commits; c++) {
        Map<String, Position> moved = new HashMap<>();
        for (int i = 0; i < splitsPerCommit; i++) {
          String split = "/data/in/file-" + (c * splitsPerCommit + i) + ".csv";
          moved.put(split, new Position(split, "1000"));
        }
        write(sink, allocator, c, 1);
        sink.commit(PIPELINE, moved);
        String pointer = sink.table().properties().get(TablePositions.propertyKey(PIPELINE));
        if (c == 0) {
          firstPointer = pointer.length();
        }
        lastPointer = pointer.length();
        PositionsPointer parsed = PositionsPointer.parse(pointer, "test");
        assertThat(parsed.segments().size()).as("segments after commit %d", c).isLessThanOrEqualTo(9);
        written += parsed.segments().get(parsed.segments().size() - 1).splits();
      }
      assertThat(written).as("positions written over all commits, for %d positions", commits * splitsPerCommit)
          .isLessThanOrEqualTo(9L * commits * splitsPerCommit);
      assertThat(sink.table().currentSnapshot().summary().get(TablePositions.summaryRefKey(PIPELINE)))
          .hasSize((int) lastPointer);
    }
    assertThat(lastPointer).as("the pointer in metadata.json does not grow with the splits").isLessThan(1_500);
    assertThat(firstPointer).isLessThan(lastPointer);
    try (IcebergSink sink = open(allocator, List.of())) {
      Map<String, Position> restored = sink.restorePositions(PIPELINE);
      assertThat(restored).hasSize(commits * splitsPerCommit);
    }
    try (Stream<Path> files = Files.walk(warehouse)) {
      long positionsFiles = files.filter(p -> p.toString().contains("/.logpro/positions/"))
          .filter(p -> p.toString().endsWith(".json"))
          .count();
      assertThat(positionsFiles).as("merged-away files are swept, those of the newest snapshots kept")
          .isLessThanOrEqualTo(12 + TablePositions.KEEP_FOR_NEWEST_SNAPSHOTS + 1);
    }
  }

  /**
   * What another engine's maintenance does: a compaction (every data file rewritten into itself, a snapshot with no
   * logpro summary), then expiry of every snapshot but that one, as {@code retain_last => 1} does.
   */
  private static void compactAndExpire(Table table) throws Exception {
    rewriteAll(table);
    table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();
  }

  /** Rewrites every data file into itself, as a compaction by another engine would, with no logpro summary. */
  private static void rewriteAll(Table table) throws Exception {
    table.refresh();
    List<DataFile> files = dataFiles(table, Expressions.alwaysTrue());
    var rewrite = table.newRewrite();
    files.forEach(rewrite::deleteFile);
    files.forEach(f -> rewrite.addFile(org.apache.iceberg.DataFiles.builder(table.spec()).copy(f)
        .withPath(f.location()).build()));
    rewrite.commit();
  }
}
