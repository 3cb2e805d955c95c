package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.core.config.ConfigError;
import dev.logpro.core.config.ConfigException;
import dev.logpro.core.config.PipelineConfigParser;
import dev.logpro.core.config.YamlLoader;
import dev.logpro.core.registry.Registry;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The raw Parquet sink on a real directory, read back by DuckDB and by parquet-java. */
@ExtendWith(NoArrowLeaks.class)
class ParquetSinkTest {
  private static final String PIPELINE = "events";
  private static final long DAY_MICROS = 86_400_000_000L;
  private static final long T0 = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z
  private static final String[] COUNTRIES = {"US", "a/b", "x y", "", null, "DE:1"};

  @TempDir Path dir;

  private ParquetSink open(BufferAllocator allocator, List<String> partitionBy) throws Exception {
    ParquetSink sink = (ParquetSink) new ParquetSinkFactory().create(
        new ParquetSinkConfig(dir.toString(), partitionBy, 128, null, 60), new TestContext(PIPELINE, allocator));
    sink.open(new TestContext(PIPELINE, allocator));
    return sink;
  }

  /** Rows {@code first..first+rows}: id, a country cycling through awkward partition values, ts over three days. */
  private static VectorSchemaRoot events(BufferAllocator allocator, long first, int rows) {
    Schema schema = new Schema(List.of(
        Field.nullable("id", new ArrowType.Int(64, true)),
        Field.nullable("country", ArrowType.Utf8.INSTANCE),
        new Field("ts", FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")), null)));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    BigIntVector id = (BigIntVector) root.getVector("id");
    VarCharVector country = (VarCharVector) root.getVector("country");
    TimeStampMicroTZVector ts = (TimeStampMicroTZVector) root.getVector("ts");
    for (int i = 0; i < rows; i++) {
      long value = first + i;
      id.setSafe(i, value);
      String c = COUNTRIES[(int) (value % COUNTRIES.length)];
      if (c == null) {
        country.setNull(i);
      } else {
        country.setSafe(i, c.getBytes(StandardCharsets.UTF_8));
      }
      ts.setSafe(i, T0 + (value % 3) * DAY_MICROS + value);
    }
    root.setRowCount(rows);
    return root;
  }

  private static void write(ParquetSink sink, VectorSchemaRoot batch) throws Exception {
    try (batch) {
      sink.write(batch);
    }
  }

  private List<Path> files(String suffix) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  private Map<String, Object> duckDb(String sql) throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      Map<String, Object> row = new HashMap<>();
      assertThat(rows.next()).isTrue();
      for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
        row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
      }
      return row;
    }
  }

  @Test
  void filesAppearInHivePartitionsOnlyWhenFlushed(BufferAllocator allocator) throws Exception {
    try (ParquetSink sink = open(allocator, List.of("country", "day(ts)"))) {
      write(sink, events(allocator, 0, 600));
      write(sink, events(allocator, 600, 600));
      assertThat(files(".parquet")).as("nothing is visible before a flush").isEmpty();
      assertThat(files(".inprogress")).isNotEmpty()
          .allSatisfy(f -> assertThat(f.getFileName().toString()).startsWith("." + PIPELINE + "-"));

      sink.flush();
    }
    assertThat(files(".inprogress")).isEmpty();
    TreeSet<String> partitions = new TreeSet<>();
    for (Path file : files(".parquet")) {
      partitions.add(dir.relativize(file.getParent()).toString());
      assertThat(file.getFileName().toString()).startsWith(PIPELINE + "-");
    }
    // Row v has country COUNTRIES[v % 6] and day v % 3; "" and null both make the default partition.
    assertThat(partitions).containsExactly("country=DE%3A1/ts_day=2026-01-03", "country=US/ts_day=2026-01-01",
        "country=__HIVE_DEFAULT_PARTITION__/ts_day=2026-01-01", "country=__HIVE_DEFAULT_PARTITION__/ts_day=2026-01-02",
        "country=a%2Fb/ts_day=2026-01-02", "country=x y/ts_day=2026-01-03");

    Map<String, Object> all = duckDb("SELECT count(*) AS n, count(DISTINCT id) AS ids, sum(id) AS total"
        + " FROM read_parquet('" + dir + "/**/*.parquet', hive_partitioning = false)");
    assertThat(all).containsEntry("n", 1200L).containsEntry("ids", 1200L);
    assertThat(((Number) all.get("total")).longValue()).isEqualTo(1199L * 1200 / 2);
    Map<String, Object> slash = duckDb("SELECT count(*) AS n, min(country) AS c, min(ts)::DATE::VARCHAR AS d"
        + " FROM read_parquet('" + dir + "/country=a%2Fb/ts_day=2026-01-02/*.parquet')");
    assertThat(slash).containsEntry("n", 200L).containsEntry("c", "a/b").containsEntry("d", "2026-01-02");
    Map<String, Object> hive = duckDb("SELECT count(*) AS n FROM read_parquet('" + dir + "/**/*.parquet',"
        + " hive_partitioning = true) WHERE ts_day = '2026-01-03'");
    assertThat(hive).containsEntry("n", 400L);
  }

  @Test
  void parquetJavaReadsEveryTypeWithIcebergFieldIds(BufferAllocator allocator) throws Exception {
    try (ParquetSink sink = open(allocator, List.of("bucket[2](id)"))) {
      try (VectorSchemaRoot batch = TestBatches.batch(allocator, 0, 500)) {
        sink.write(batch);
      }
      sink.flush();
    }
    List<Path> files = files(".parquet");
    assertThat(files).hasSize(2);
    long rows = 0;
    List<Long> ids = new ArrayList<>();
    for (Path file : files) {
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
        rows += reader.getRecordCount();
        assertThat(reader.getFileMetaData().getSchema().getType("id").getId()).isNotNull();
        assertThat(reader.getFileMetaData().getSchema().getFieldCount())
            .isEqualTo(TestBatches.schema().getFields().size());
      }
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
          new org.apache.hadoop.fs.Path(file.toUri())).withConf(new Configuration(false)).build()) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          long id = row.getLong("id", 0);
          ids.add(id);
          if (!TestBatches.isNull(id, 5)) {
            assertThat(row.getString("name", 0)).isEqualTo(TestBatches.name(id));
          }
        }
      }
    }
    assertThat(rows).isEqualTo(500);
    assertThat(ids).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, 500).boxed().toList());
  }

  @Test
  void filesRollAtTheTargetSizeAndANewSchemaStartsNewFiles(BufferAllocator allocator) throws Exception {
    try (ParquetSink sink = open(allocator, List.of()).rollAt(4096, 256)) {
      write(sink, events(allocator, 0, 5000));
      try (VectorSchemaRoot batch = TestBatches.batch(allocator, 5000, 100)) {
        sink.write(batch);
      }
      sink.flush();
    }
    List<Path> files = files(".parquet");
    assertThat(files).hasSizeGreaterThan(3).allSatisfy(f -> assertThat(f.getParent()).isEqualTo(dir));
    Map<String, Object> events = duckDb("SELECT count(*) AS n FROM read_parquet('" + dir + "/*.parquet',"
        + " union_by_name = true) WHERE country IS NOT NULL OR i32 IS NULL");
    Map<String, Object> all = duckDb("SELECT count(*) AS n, count(DISTINCT id) AS ids FROM read_parquet('" + dir
        + "/*.parquet', union_by_name = true)");
    assertThat(all).containsEntry("n", 5100L).containsEntry("ids", 5100L);
    assertThat((Long) events.get("n")).isGreaterThanOrEqualTo(5000L);
  }

  @Test
  void aSinkClosedWithoutFlushLeavesNothingAndLeftoversOfAKilledRunGoAtOpen(BufferAllocator allocator)
      throws Exception {
    try (ParquetSink sink = open(allocator, List.of("country"))) {
      write(sink, events(allocator, 0, 100));
    }
    assertThat(files(".inprogress")).isEmpty();
    assertThat(files(".parquet")).isEmpty();

    Path partition = Files.createDirectories(dir.resolve("country=US"));
    Path mine = Files.writeString(partition.resolve("." + PIPELINE + "-dead-00001.parquet.inprogress"), "partial");
    Path theirs = Files.writeString(partition.resolve(".other-dead-00001.parquet.inprogress"), "partial");
    try (ParquetSink sink = open(allocator, List.of("country"))) {
      assertThat(mine).doesNotExist();
      assertThat(theirs).as("another pipeline's file in progress is not ours to delete").exists();
    }
  }

  @Test
  void badOptionsNameTheirField() {
    assertThatThrownBy(() -> new ParquetSinkConfig(dir.toString(), List.of("dy(ts)"), 128, null, 60))
        .hasMessageStartingWith("partition_by[0]: 'dy(ts)': unknown transform dy");
    assertThatThrownBy(() -> new ParquetSinkConfig("s3://bucket/x", List.of(), 128, null, 60))
        .hasMessageStartingWith("path: expected a local directory");
    assertThatThrownBy(() -> new ParquetSinkConfig(dir.toString(), List.of(), 0, null, 60))
        .hasMessage("file_size_mb: must be positive, got 0");
  }

  private static List<String> configErrors(String partitionBy, String checkpointStore) {
    String yaml = """
        source: {type: file, file: {path: in, format: csv}}
        sink: {type: parquet, parquet: {path: out, partition_by: [%s]}}
        reliability: {checkpoint_store: %s}
        """.formatted(partitionBy, checkpointStore);
    try {
      new PipelineConfigParser(Registry.load()).parse(YamlLoader.load(yaml, k -> null), "p");
      return List.of();
    } catch (ConfigException e) {
      return e.errors().stream().map(ConfigError::toString).toList();
    }
  }

  @Test
  void aPipelineWithoutACheckpointStoreIsRefusedBeforeItRuns() {
    assertThat(configErrors("country", "none")).containsExactly("reliability.checkpoint_store: required by sink"
        + " 'parquet', which cannot commit positions with its data (one of: local)");
    assertThat(configErrors("dy(ts)", "local")).containsExactly("sink.parquet.partition_by[0]: 'dy(ts)':"
        + " unknown transform dy (expected identity, year, month, day, hour, bucket[N] or truncate[W])");
    assertThat(configErrors("country", "local")).isEmpty();
  }

  @Test
  void aPartitionColumnTheRowsLackFailsTheWriteAndLeavesNoFile(BufferAllocator allocator) throws Exception {
    try (ParquetSink sink = open(allocator, List.of("region"))) {
      assertThatThrownBy(() -> write(sink, events(allocator, 0, 10)))
          .hasMessage("Invalid sink.parquet.partition_by entry 'region': no column region in the table schema");
      assertThatThrownBy(sink::flush).hasMessageContaining("a write failed");
    }
    assertThat(files("")).isEmpty();
  }
}
