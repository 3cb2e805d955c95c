package dev.logpro.iceberg;

import dev.logpro.testkit.NoArrowLeaks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.DateTimeUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Informal speed comparison, run on demand: {@code mvn -o -pl logpro-iceberg test -Dtest=WriterSpeedBench
 * -Dlogpro.bench=true}. Writes the same 1M rows (7 columns, ZSTD level 3) through the Arrow-direct writer and
 * through Iceberg's {@code GenericParquetWriter} fed from the same Arrow batches; and 1M rows of the 16-column
 * {@link EventBatch} through the sink on one and on two writer threads.
 */
@ExtendWith(NoArrowLeaks.class)
@EnabledIfSystemProperty(named = "logpro.bench", matches = "true")
class WriterSpeedBench {

  private static final int BATCH = 65_536;
  private static final int BATCHES = 16;

  @TempDir Path warehouse;

  @Test
  void compareWriters(BufferAllocator allocator) throws Exception {
    try (VectorSchemaRoot batch = batch(allocator)) {
      for (int round = 0; round < 6; round++) {
        long arrow = arrowDirect(allocator, batch, "arrow" + round, 1);
        long generic = generic(allocator, batch, "generic" + round);
        long rows = (long) BATCH * BATCHES;
        System.out.printf("round %d: arrow-direct %.0f rows/s (%d ms), generic %.0f rows/s (%d ms)%n", round,
            rows * 1000.0 / arrow, arrow, rows * 1000.0 / generic, generic);
      }
    }
  }

  /** The 16-column web-event batch of issue 3 through the sink alone (no decoding), in rows per second. */
  @Test
  void eventBatches(BufferAllocator allocator) throws Exception {
    int rounds = Integer.getInteger("logpro.bench.rounds", 4);
    try (VectorSchemaRoot batch = EventBatch.create(allocator, BATCH)) {
      for (int round = 0; round < rounds; round++) {
        for (int threads : new int[] {1, 2}) {
          long ms = arrowDirect(allocator, batch, "events" + round + "t" + threads, threads);
          long rows = (long) BATCH * BATCHES;
          System.out.printf("events round %d, %d writer thread(s): %.0f rows/s (%d ms)%n",
              round, threads, rows * 1000.0 / ms, ms);
        }
      }
    }
  }

  private long arrowDirect(BufferAllocator allocator, VectorSchemaRoot batch, String name, int threads)
      throws Exception {
    IcebergSinkConfig config = IcebergSinkConfig.of(warehouse.toString(), name);
    try (IcebergSink sink = new IcebergSink(config).writerThreads(threads)) {
      sink.open(new TestContext("bench", allocator));
      sink.write(batch);
      sink.commit("bench", java.util.Map.of());
      long start = System.nanoTime();
      for (int i = 0; i < BATCHES; i++) {
        sink.write(batch);
      }
      sink.commit("bench", java.util.Map.of());
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  private long generic(BufferAllocator allocator, VectorSchemaRoot batch, String name) throws Exception {
    IcebergSinkConfig config = IcebergSinkConfig.of(warehouse.toString(), name);
    try (IcebergSink sink = new IcebergSink(config)) {
      sink.open(new TestContext("bench", allocator));
      sink.write(batch);
      sink.commit("bench", java.util.Map.of());
      Table table = sink.table();
      long start = System.nanoTime();
      DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(table.locationProvider()
              .newDataLocation(name + "-generic.parquet")))
          .forTable(table)
          .withSpec(table.spec())
          .createWriterFunc(GenericParquetWriter::create)
          .overwrite()
          .build();
      BigIntVector id = (BigIntVector) batch.getVector("id");
      IntVector count = (IntVector) batch.getVector("count");
      Float8Vector score = (Float8Vector) batch.getVector("score");
      VarCharVector user = (VarCharVector) batch.getVector("user");
      TimeStampMicroTZVector ts = (TimeStampMicroTZVector) batch.getVector("ts");
      BitVector ok = (BitVector) batch.getVector("ok");
      DateDayVector day = (DateDayVector) batch.getVector("day");
      GenericRecord record = GenericRecord.create(table.schema());
      for (int b = 0; b < BATCHES; b++) {
        for (int r = 0; r < BATCH; r++) {
          record.set(0, id.get(r));
          record.set(1, count.get(r));
          record.set(2, score.get(r));
          record.set(3, new String(user.get(r), StandardCharsets.UTF_8));
          record.set(4, DateTimeUtil.timestamptzFromMicros(ts.get(r)));
          record.set(5, ok.get(r) != 0);
          record.set(6, LocalDate.ofEpochDay(day.get(r)));
          writer.write(record);
        }
      }
      writer.close();
      table.newAppend().appendFile(writer.toDataFile()).commit();
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  private static VectorSchemaRoot batch(BufferAllocator allocator) {
    Schema schema = new Schema(List.of(
        field("id", new ArrowType.Int(64, true)),
        field("count", new ArrowType.Int(32, true)),
        field("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        field("user", ArrowType.Utf8.INSTANCE),
        field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
        field("ok", ArrowType.Bool.INSTANCE),
        field("day", new ArrowType.Date(DateUnit.DAY))));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    long base = OffsetDateTime.parse("2024-01-01T00:00:00Z").toEpochSecond() * 1_000_000L;
    for (int r = 0; r < BATCH; r++) {
      ((BigIntVector) root.getVector("id")).setSafe(r, r * 7919L);
      ((IntVector) root.getVector("count")).setSafe(r, r % 1000);
      ((Float8Vector) root.getVector("score")).setSafe(r, Math.sin(r) * 100);
      ((VarCharVector) root.getVector("user")).setSafe(r, ("user-" + (r % 5000)).getBytes(StandardCharsets.UTF_8));
      ((TimeStampMicroTZVector) root.getVector("ts")).setSafe(r, base + r * 1_000_123L);
      ((BitVector) root.getVector("ok")).setSafe(r, r % 3 == 0 ? 1 : 0);
      ((DateDayVector) root.getVector("day")).setSafe(r, 19_700 + r / 10_000);
    }
    root.setRowCount(BATCH);
    return root;
  }

  private static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }
}
