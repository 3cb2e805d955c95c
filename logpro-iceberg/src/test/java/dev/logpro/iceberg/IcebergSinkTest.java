package dev.logpro.iceberg;

import static dev.logpro.iceberg.TestBatches.isNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.Transactional;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the sink writes: every type, partitions, field ids, file sizes, and config errors. */
@ExtendWith(NoArrowLeaks.class)
class IcebergSinkTest extends SinkTestSupport {

  @Test
  void writesEveryTypeAndIcebergReadsItBack(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      assertThat(sink.existingSchema()).isEmpty();
      write(sink, allocator, 0, 700);
      write(sink, allocator, 700, 300);
      Transactional.Commit commit = sink.commit(PIPELINE, positions("file-a", "1000"));

      assertThat(commit.files()).isEqualTo(1);
      assertThat(commit.rows()).isEqualTo(1000);
      assertThat(commit.bytes()).isPositive();
      Table table = sink.table();
      assertThat(commit.id()).isEqualTo(Long.toString(table.currentSnapshot().snapshotId()));
      assertThat(table.properties()).containsEntry("write.parquet.compression-codec", "zstd");
      assertThat(table.schema().findType("tstz")).isEqualTo(Types.TimestampType.withZone());
      assertThat(table.schema().findType("ts")).isEqualTo(Types.TimestampType.withoutZone());

      List<Record> records = readAll(table);
      assertThat(records).hasSize(1000);
      for (Record record : records) {
        assertRecord(record);
      }
    }
  }

  @Test
  void everyTypeAndNestingSurvivesTheRoundsOfManyPartitions(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of("hour(ts)"))) {
      // A row per hour: 700 and 300 partitions in a batch, past what is written straight into files, so each batch
      // is kept reordered by partition (structs, lists and maps copied too) and written in a round.
      write(sink, allocator, 0, 700);
      write(sink, allocator, 700, 300);
      Transactional.Commit commit = sink.commit(PIPELINE, positions("file-a", "1000"));

      assertThat(commit.rows()).isEqualTo(1000);
      assertThat(commit.files()).as("a file per hour, and one for the rows whose ts is null (every 10th)")
          .isEqualTo(901);
      List<Record> records = readAll(sink.table());
      assertThat(records).hasSize(1000);
      assertThat(records.stream().map(r -> r.getField("id")).distinct()).hasSize(1000);
      for (Record record : records) {
        assertRecord(record);
      }
    }
  }

  @Test
  void aTableItCreatesKeepsABoundedNumberOfOldMetadataFiles(BufferAllocator allocator) throws Exception {
    // Every commit writes a new metadata.json holding every snapshot; Iceberg keeps them all unless told otherwise,
    // which for a pipeline committing every minute is gigabytes a day of files no one reads.
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, 0, 10);
      sink.commit(PIPELINE, positions("file-a", "10"));
      Table table = sink.table();
      assertThat(table.properties()).containsEntry("write.metadata.delete-after-commit.enabled", "true");
      table.updateProperties().set("write.metadata.previous-versions-max", "2").commit();
      for (int i = 1; i <= 5; i++) {
        write(sink, allocator, i * 10L, 10);
        sink.commit(PIPELINE, positions("file-a", Integer.toString(i * 10 + 10)));
      }
      Path metadata = Path.of(table.location(), "metadata");
      try (var files = Files.list(metadata)) {
        assertThat(files.filter(f -> f.toString().endsWith(".metadata.json")).count())
            .as("the current metadata file and the two before it").isEqualTo(3);
      }
      assertThat(readAll(table)).hasSize(60);
      assertThat(TablePositions.restore(table, PIPELINE).positions().get("file-a").token()).isEqualTo("60");
    }
  }

  private static void assertRecord(Record r) {
    long id = (Long) r.getField("id");
    String at = "id " + id;
    assertThat(r.getField("i32")).as(at).isEqualTo(isNull(id, 1) ? null : (int) (id * 3));
    assertThat(r.getField("f64")).as(at).isEqualTo(isNull(id, 2) ? null : id * 0.5);
    assertThat(r.getField("f32")).as(at).isEqualTo(isNull(id, 3) ? null : id * 0.25f);
    assertThat(r.getField("flag")).as(at).isEqualTo(isNull(id, 4) ? null : id % 2 == 0);
    assertThat(r.getField("name")).as(at).isEqualTo(isNull(id, 5) ? null : TestBatches.name(id));
    assertThat(r.getField("day")).as(at).isEqualTo(isNull(id, 6) ? null : LocalDate.ofEpochDay(19000 + id));
    LocalDateTime ts = LocalDateTime.ofEpochSecond(TestBatches.ts(id) / 1_000_000, 0, ZoneOffset.UTC);
    assertThat(r.getField("ts")).as(at).isEqualTo(isNull(id, 7) ? null : ts);
    assertThat(r.getField("tstz")).as(at).isEqualTo(isNull(id, 8) ? null : OffsetDateTime.of(ts, ZoneOffset.UTC));
    assertThat(r.getField("dec_small")).as(at).isEqualTo(isNull(id, 9) ? null : TestBatches.decSmall(id));
    assertThat(r.getField("dec")).as(at).isEqualTo(isNull(id, 10) ? null : TestBatches.dec(id));
    assertThat(r.getField("dec_big")).as(at).isEqualTo(isNull(id, 11) ? null : TestBatches.decBig(id));
    assertThat(r.getField("bin")).as(at).isEqualTo(isNull(id, 12) ? null : ByteBuffer.wrap(TestBatches.bytes(id)));

    Record point = (Record) r.getField("point");
    if (isNull(id, 13)) {
      assertThat(point).as(at).isNull();
    } else {
      assertThat(point.getField("x")).as(at).isEqualTo(id % 4 == 0 ? null : (int) -id);
      assertThat(point.getField("label")).as(at).isEqualTo("p" + id);
    }

    List<?> tags = (List<?>) r.getField("tags");
    if (isNull(id, 14)) {
      assertThat(tags).as(at).isNull();
    } else {
      List<String> expected = new ArrayList<>();
      for (int k = 0; k < id % 4; k++) {
        expected.add(k == 1 && id % 3 == 0 ? null : "t" + k);
      }
      assertThat(tags).as(at).isEqualTo(expected);
    }

    Map<?, ?> attrs = (Map<?, ?>) r.getField("attrs");
    if (isNull(id, 15)) {
      assertThat(attrs).as(at).isNull();
    } else {
      Map<String, Long> expected = new HashMap<>();
      for (int k = 0; k < id % 3; k++) {
        expected.put("k" + k, k == 1 ? null : id * 10 + k);
      }
      assertThat(attrs).as(at).isEqualTo(expected);
    }
  }

  @Test
  void reopenedTableExposesItsSchemaInArrowForm(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, 0, 10);
      sink.commit(PIPELINE, Map.of());
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      org.apache.arrow.vector.types.pojo.Schema schema = sink.existingSchema().orElseThrow();
      assertThat(schema.findField("tstz").getType())
          .isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
      assertThat(schema.findField("ts").getType()).isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));
      assertThat(schema.findField("attrs").getType()).isInstanceOf(ArrowType.Map.class);
      assertThat(schema.findField("dec_big").getType()).isEqualTo(new ArrowType.Decimal(30, 4, 128));
      // a batch in the table's own Arrow form goes back in unchanged
      org.apache.iceberg.Schema roundTrip = org.apache.iceberg.types.TypeUtil.reassignIds(
          ArrowSchemas.toIceberg(schema), sink.table().schema());
      assertThat(roundTrip.asStruct()).isEqualTo(sink.table().schema().asStruct());
    }
  }

  @Test
  void partitionsByDayAndBucketAndScansPruneFiles(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of("day(ts)", "bucket[4](id)"))) {
      write(sink, allocator, 0, 96); // 96 hours: 4 or 5 days
      Transactional.Commit commit = sink.commit(PIPELINE, positions("f", "96"));
      Table table = sink.table();

      assertThat(table.spec().fields()).extracting(f -> f.transform().toString()).containsExactly("day", "bucket[4]");
      List<DataFile> files = dataFiles(table, Expressions.alwaysTrue());
      assertThat(files).hasSize((int) commit.files());
      assertThat(files.stream().map(f -> f.partition().toString()).distinct()).hasSize(files.size());
      assertThat(files.size()).isGreaterThan(8);
      for (DataFile file : files) {
        assertThat(file.location()).contains("ts_day=").contains("id_bucket=");
        assertThat(file.lowerBounds()).isNotEmpty();
      }
      assertThat(readAll(table)).hasSize(96);

      // by partition: one day of the five
      List<DataFile> oneDay = dataFiles(table, Expressions.lessThan("ts", TestBatches.ts(10)));
      assertThat(oneDay).isNotEmpty().hasSizeLessThan(files.size());
      // by column metrics within the partitions: f32 is not a partition column
      List<DataFile> byMetrics = dataFiles(table, Expressions.greaterThan("f32", 90 * 0.25f));
      assertThat(byMetrics).isNotEmpty().hasSizeLessThan(files.size());
      try (CloseableIterable<Record> rows = IcebergGenerics.read(table)
          .where(Expressions.equal("id", 42L)).build()) {
        assertThat(rows).extracting(r -> r.getField("id")).contains(42L);
      }
    }
  }

  @Test
  void everyParquetColumnCarriesItsIcebergFieldId(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, 0, 50);
      sink.commit(PIPELINE, Map.of());
      Table table = sink.table();
      DataFile file = dataFiles(table, Expressions.alwaysTrue()).get(0);
      try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
          new org.apache.parquet.io.LocalInputFile(Path.of(file.location())))) {
        org.apache.parquet.schema.MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        assertThat(schema.getColumns()).hasSize(18);
        for (org.apache.parquet.column.ColumnDescriptor column : schema.getColumns()) {
          String[] path = column.getPath();
          org.apache.parquet.schema.Type type = schema.getType(path[0]);
          assertThat(type.getId()).as(String.join(".", path)).isNotNull();
          assertThat(type.getId().intValue()).isEqualTo(table.schema().findField(path[0]).fieldId());
          assertThat(column.getPrimitiveType().getId()).as(String.join(".", path)).isNotNull();
        }
        assertThat(reader.getRowGroups().get(0).getColumns().get(0).getCodec().name()).isEqualTo("ZSTD");
      }
      assertThat(file.valueCounts()).containsKey(table.schema().findField("point.x").fieldId());
      assertThat(file.nullValueCounts().get(table.schema().findField("i32").fieldId())).isPositive();
    }
  }

  @Test
  void rollsFilesAtTheTargetSize(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      sink.rollAt(32 * 1024, 500);
      for (int b = 0; b < 10; b++) {
        write(sink, allocator, b * 2000L, 2000);
      }
      Transactional.Commit commit = sink.commit(PIPELINE, Map.of());
      assertThat(commit.files()).isGreaterThan(3);
      assertThat(commit.rows()).isEqualTo(20_000);
      List<DataFile> files = dataFiles(sink.table(), Expressions.alwaysTrue());
      assertThat(files).hasSize((int) commit.files());
      assertThat(files.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(20_000);
      assertThat(readAll(sink.table())).hasSize(20_000);
    }
  }

  @Test
  void badPartitionByIsRefusedByTheConfigAndAnUnknownColumnAtOpen(BufferAllocator allocator) throws Exception {
    for (String bad : List.of("month[3](ts)", "bucket(id)", "cube(ts)", "day(ts", "truncate[0](name)",
        "bucket[x](id)", "bucket[](id)")) {
      assertThatThrownBy(() -> new IcebergSinkConfig(null, null, "t", List.of("id", bad), 512, null, 60, null))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("partition_by[1]: '" + bad + "': ")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, 0, 1);
      sink.commit(PIPELINE, Map.of());
    }
    assertThatThrownBy(() -> open(allocator, List.of("day(nope)")).close())
        .hasMessage("Invalid sink.iceberg.partition_by entry 'day(nope)': no column nope in the table schema");
    assertThatThrownBy(() -> open(allocator, List.of("day(name)")).close())
        .hasMessageStartingWith("Invalid sink.iceberg.partition_by entry 'day(name)': ");
  }

  @Test
  void unknownColumnOnANewTableFailsAtFirstWrite(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of("hour(missing)"))) {
      assertThatThrownBy(() -> write(sink, allocator, 0, 1))
          .hasMessage("Invalid sink.iceberg.partition_by entry 'hour(missing)': no column missing in the table schema");
      assertThatThrownBy(() -> sink.commit(PIPELINE, positions("a", "1"))).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void keepsABoundedNumberOfPartitionFilesOpen(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of("hour(ts)"))) {
      sink.maxOpenFiles(3);
      // ids 0..59 are 60 hours; each batch touches them all in an order that defeats the LRU
      write(sink, allocator, 0, 60);
      write(sink, allocator, 0, 60);
      Transactional.Commit commit = sink.commit(PIPELINE, Map.of());
      assertThat(commit.rows()).isEqualTo(120);
      // 54 hours and null (ts is null when id % 10 == 1): more partitions in a batch than files may be open, so the
      // batches were kept and written partition by partition at the commit, a file each
      assertThat(commit.files()).isEqualTo(55);
      List<DataFile> files = dataFiles(sink.table(), Expressions.alwaysTrue());
      assertThat(files.stream().map(f -> f.partition().toString()).distinct()).hasSize(55);
      assertThat(readAll(sink.table())).hasSize(120);
    }
  }

  @Test
  void rejectsTypesThatDoNotFit(BufferAllocator allocator) throws Exception {
    // Columns the table lacks are added (SchemaEvolutionTest); a type Iceberg cannot promote to is refused.
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, 0, 3);
      sink.commit(PIPELINE, Map.of());
    }
    org.apache.arrow.vector.types.pojo.Schema wrong = new org.apache.arrow.vector.types.pojo.Schema(List.of(
        org.apache.arrow.vector.types.pojo.Field.nullable("id", ArrowType.Utf8.INSTANCE)));
    try (IcebergSink sink = open(allocator, List.of());
        VectorSchemaRoot batch = VectorSchemaRoot.create(wrong, allocator)) {
      batch.allocateNew();
      ((org.apache.arrow.vector.VarCharVector) batch.getVector("id")).setSafe(0, new byte[] {'x'});
      batch.setRowCount(1);
      assertThatThrownBy(() -> sink.write(batch)).hasMessage("Cannot change column type: id: long -> string");
    }
  }
}
