package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.Transactional;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What open data files hold stays bounded whatever the partitions: files of partitions that stop getting rows are
 * closed, at most {@code max_open_files} are open, and past their share of the memory budget (pages and the Java heap
 * of their dictionaries) the sink writes row groups out or closes files itself. Every row lands once either way.
 */
@ExtendWith(NoArrowLeaks.class)
class OpenFilesTest extends SinkTestSupport {
  private static final Schema SCHEMA = new Schema(List.of(
      new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
      new Field("part", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
      new Field("token", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  /** Rows {@code first..first+rows}; row i is in partition {@code partitionOf(i)}, with a unique 40-byte token. */
  private static VectorSchemaRoot batch(BufferAllocator allocator, long first, int rows,
      java.util.function.LongFunction<String> partitionOf) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    root.allocateNew();
    SplittableRandom random = new SplittableRandom(first);
    for (int r = 0; r < rows; r++) {
      long id = first + r;
      ((BigIntVector) root.getVector("id")).setSafe(r, id);
      ((VarCharVector) root.getVector("part")).setSafe(r, partitionOf.apply(id).getBytes(StandardCharsets.UTF_8));
      String token = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()) + "-" + id;
      ((VarCharVector) root.getVector("token")).setSafe(r, token.getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(rows);
    return root;
  }

  private IcebergSink sink(BufferAllocator allocator) throws Exception {
    IcebergSink sink = open(allocator, List.of("part"));
    return sink;
  }

  private static void write(IcebergSink sink, BufferAllocator allocator, long first, int rows,
      java.util.function.LongFunction<String> partitionOf) throws Exception {
    try (VectorSchemaRoot batch = batch(allocator, first, rows, partitionOf)) {
      sink.write(batch);
    }
  }

  /** A sink budget small enough that open files and rounds reach their share of it within a few batches. */
  private static final long SMALL_BUDGET = 24L << 20;

  /** Row groups in all the table's data files. */
  private static int rowGroups(IcebergSink sink) throws Exception {
    return dataFiles(sink.table(), Expressions.alwaysTrue()).stream().mapToInt(f -> f.splitOffsets().size()).sum();
  }

  private static void assertEveryRowOnce(IcebergSink sink, long rows) throws Exception {
    List<Record> read = readAll(sink.table());
    Set<Long> ids = new HashSet<>();
    read.forEach(r -> ids.add((Long) r.getField("id")));
    assertThat(read).hasSize((int) rows);
    assertThat(ids).hasSize((int) rows);
  }

  @Test
  void filesOfPartitionsThatStopGettingRowsAreClosedAndLandOncePerPartition(BufferAllocator allocator)
      throws Exception {
    try (IcebergSink sink = sink(allocator)) {
      // A time-sorted input: 12 partitions one after another, 2 batches of 10,000 rows each. A file is closed once
      // 32,768 rows went elsewhere after its last one.
      for (int p = 0; p < 12; p++) {
        for (int b = 0; b < 2; b++) {
          final int partition = p;
          write(sink, allocator, p * 20_000L + b * 10_000L, 10_000, id -> "p" + partition);
        }
        assertThat(sink.openFiles()).as("files open after partition %d", p).isLessThanOrEqualTo(3);
      }
      Transactional.Commit commit = sink.commit(PIPELINE, Map.of());
      assertThat(commit.files()).as("one file per partition").isEqualTo(12);
      assertEveryRowOnce(sink, 240_000);
    }
  }

  @Test
  void noMoreThanMaxOpenFilesAreOpen(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = sink(allocator)) {
      sink.maxOpenFiles(5);
      // A few partitions at a time: files are opened and closed least recently used first.
      for (int b = 0; b < 8; b++) {
        final int batch = b;
        write(sink, allocator, b * 1_000L, 1_000, id -> "p" + (batch * 2 + id % 3));
        assertThat(sink.openFiles()).isLessThanOrEqualTo(5);
      }
      sink.commit(PIPELINE, Map.of());
      assertThat(dataFiles(sink.table(), Expressions.alwaysTrue()).stream()
          .map(f -> f.partition().toString()).distinct()).hasSize(17);
      assertEveryRowOnce(sink, 8_000);
    }
  }

  @Test
  void morePartitionsAtOnceThanFilesMayBeOpenAreWrittenInRoundsAFileEach(BufferAllocator allocator)
      throws Exception {
    try (IcebergSink sink = sink(allocator)) {
      sink.maxOpenFiles(5);
      // Every batch brings rows to 50 partitions: closing the least recently used would make a file per partition
      // per batch.
      for (int b = 0; b < 6; b++) {
        write(sink, allocator, b * 2_000L, 2_000, id -> "p" + (id * 7 % 50));
        assertThat(sink.openFiles()).isLessThanOrEqualTo(5);
      }
      Transactional.Commit commit = sink.commit(PIPELINE, Map.of());
      assertThat(commit.files()).as("one round: a file per partition").isEqualTo(50);
      assertEveryRowOnce(sink, 12_000);
      write(sink, allocator, 12_000, 2_000, id -> "p" + (id * 7 % 50));
      assertThat(sink.commit(PIPELINE, Map.of()).files()).isEqualTo(50);
      assertEveryRowOnce(sink, 14_000);
    }
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @Test
  void roundsAppendARowGroupToTheFilesKeptOpenAndOpenANewFileOnlyPastTheBound(BufferAllocator allocator)
      throws Exception {
    int partitions = 30;
    try (BufferAllocator sinkMemory = allocator.newChildAllocator("sink", 0, SMALL_BUDGET);
        IcebergSink sink = open(sinkMemory, List.of("part"))) {
      sink.maxOpenFiles(20);
      // Shuffled over 30 partitions, more than may be open: batches are kept and written in rounds of the budget.
      for (int b = 0; b < 60; b++) {
        write(sink, sinkMemory, b * 5_000L, 5_000, id -> "p" + (id * 7919 % partitions));
        assertThat(sink.openFiles()).isLessThanOrEqualTo(20);
      }
      Transactional.Commit commit = sink.commit(PIPELINE, Map.of());
      int rowGroups = rowGroups(sink);
      int rounds = rowGroups / partitions;
      assertThat(rowGroups).as("a row group per partition per round").isEqualTo(rounds * partitions);
      assertThat(rounds).as("rounds").isGreaterThanOrEqualTo(2);
      // Each round appends to the 20 files still open and opens 10 (closing 10 written earlier in the same round);
      // closing the least recently used in the order partitions come would open all 30 anew every round.
      assertThat(commit.files()).isEqualTo(partitions + (partitions - 20) * (rounds - 1));
      assertEveryRowOnce(sink, 300_000);
      assertThat(sinkMemory.getAllocatedMemory()).isZero();
    }
  }

  @Test
  void pastTheirShareOfTheBudgetOpenFilesWriteOutRowGroupsAndTheirHeapIsCounted(BufferAllocator allocator)
      throws Exception {
    long budget = SMALL_BUDGET;
    try (BufferAllocator sinkMemory = allocator.newChildAllocator("sink", 0, budget);
        IcebergSink sink = open(sinkMemory, List.of("part"))) {
      long peak = 0;
      long peakReserved = 0;
      // 16 partitions, shuffled: every batch brings rows to every one, so none is idle (and no more than are written
      // straight into their files); unique tokens make every dictionary grow until the budget, not the row-group
      // size, cuts it.
      for (int b = 0; b < 60; b++) {
        write(sink, sinkMemory, b * 5_000L, 5_000, id -> "p" + (id * 7919 % PartitionedWriters.DIRECT_PARTITIONS));
        peak = Math.max(peak, sinkMemory.getAllocatedMemory());
        peakReserved = Math.max(peakReserved, sink.reservedHeapBytes());
      }
      assertThat(sink.openFiles()).isEqualTo(PartitionedWriters.DIRECT_PARTITIONS);
      assertThat(peakReserved).as("the dictionaries' heap is reserved in the budget").isPositive();
      assertThat(peak).as("pages and reserved heap of the open files").isLessThanOrEqualTo(budget);
      Transactional.Commit commit = sink.commit(PIPELINE, Map.of());
      assertThat(commit.files()).as("the files stayed open: row groups were written out instead")
          .isEqualTo(PartitionedWriters.DIRECT_PARTITIONS);
      assertThat(rowGroups(sink)).as("row groups written early").isGreaterThan(PartitionedWriters.DIRECT_PARTITIONS);
      assertEveryRowOnce(sink, 300_000);
      assertThat(sinkMemory.getAllocatedMemory()).isZero();
    }
  }
}
