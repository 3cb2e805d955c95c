package dev.logpro.formats;

import dev.logpro.iceberg.IcebergTables;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import dev.logpro.core.source.file.ArrowFileReader;
import dev.logpro.formats.parquet.ParquetFormat;
import dev.logpro.testkit.NoArrowLeaks;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.util.ValueVectorUtility;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet files written by parquet-java's own writer, with every type the format maps (nested lists of lists, maps,
 * structs, legacy repeated fields), read as Arrow by the file source through the real pipeline into an Iceberg table,
 * and read back with Iceberg's reader, value by value.
 */
@ExtendWith(NoArrowLeaks.class)
class ParquetFormatTest {
  @TempDir Path dir;

  static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
      message event {
        required int64 id;
        required binary name (STRING);
        optional boolean flag;
        required int32 small;
        optional float ratio;
        required double score;
        optional int32 amount (DECIMAL(9,2));
        optional int64 amount18 (DECIMAL(18,4));
        optional fixed_len_byte_array(16) amount38 (DECIMAL(38,10));
        optional binary amount_bin (DECIMAL(20,3));
        optional int32 day (DATE);
        optional int32 t_millis (TIME(MILLIS,true));
        optional int64 t_micros (TIME(MICROS,true));
        optional int64 ts_millis (TIMESTAMP(MILLIS,true));
        optional int64 ts_micros (TIMESTAMP(MICROS,true));
        optional int64 ts_local (TIMESTAMP(MICROS,false));
        optional int96 legacy_ts;
        optional binary blob;
        optional fixed_len_byte_array(4) hash;
        optional fixed_len_byte_array(16) uuid (UUID);
        optional int32 u32 (INTEGER(32,false));
        optional group address {
          required binary street (STRING);
          optional int32 zip;
        }
        optional group tags (LIST) {
          repeated group list {
            optional binary element (STRING);
          }
        }
        optional group items (LIST) {
          repeated group list {
            required group element {
              required binary k (STRING);
              optional double v;
            }
          }
        }
        optional group attrs (MAP) {
          repeated group key_value {
            required binary key (STRING);
            optional int64 value;
          }
        }
        repeated int32 legacy_numbers;
        optional group matrix (LIST) {
          repeated group list {
            optional group element (LIST) {
              repeated group list {
                optional int32 element;
              }
            }
          }
        }
      }
      """);

  private static final long BASE_MICROS = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z

  static BigDecimal amount38(long i) {
    return new BigDecimal((i % 2 == 0 ? "-" : "") + "1234567890123456789012345678." + String.format("%010d", i));
  }

  static Group event(SimpleGroupFactory groups, long i) {
    Group g = groups.newGroup();
    g.append("id", i);
    g.append("name", "name-" + i + (i % 5 == 0 ? " ünïcödé" : ""));
    if (i % 7 != 0) {
      g.append("flag", i % 2 == 0);
    }
    g.append("small", (int) (i * 7 - 100));
    if (i % 3 != 0) {
      g.append("ratio", i / 4f);
    }
    g.append("score", i * 1.5 - 0.25);
    g.append("amount", (int) (i * 1234 - 99_999));
    g.append("amount18", i * 123_456_789L - 1);
    g.append("amount38", Binary.fromConstantByteArray(fixed16(amount38(i).unscaledValue())));
    g.append("amount_bin", Binary.fromConstantByteArray(BigInteger.valueOf(i * 1_000_003 - 7).toByteArray()));
    g.append("day", (int) (20_000 + i));
    g.append("t_millis", (int) (i * 1000 + 7));
    g.append("t_micros", i * 1_000_000 + 3);
    g.append("ts_millis", BASE_MICROS / 1000 + i * 1000 + 1);
    g.append("ts_micros", BASE_MICROS + i * 1_000_001);
    g.append("ts_local", BASE_MICROS + i);
    g.append("legacy_ts", int96(BASE_MICROS + i * 3_600_000_000L + 5));
    if (i % 4 != 0) {
      g.append("blob", Binary.fromConstantByteArray(blob(i)));
    }
    g.append("hash", Binary.fromConstantByteArray(ByteBuffer.allocate(4).putInt((int) i * 31).array()));
    g.append("uuid", Binary.fromConstantByteArray(ByteBuffer.allocate(16).putLong(i).putLong(-i).array()));
    g.append("u32", (int) (4_000_000_000L - i));
    if (i % 6 != 0) {
      Group address = g.addGroup("address");
      address.append("street", "street " + i);
      if (i % 5 != 0) {
        address.append("zip", (int) (10_000 + i));
      }
    }
    if (i % 9 != 0) {
      Group tags = g.addGroup("tags");
      for (String tag : tags(i)) {
        Group element = tags.addGroup("list");
        if (tag != null) {
          element.append("element", tag);
        }
      }
    }
    Group items = g.addGroup("items");
    for (int k = 0; k < i % 3; k++) {
      Group item = items.addGroup("list").addGroup("element");
      item.append("k", "k" + k);
      if (k != 1) {
        item.append("v", k + i / 10.0);
      }
    }
    if (i % 8 != 0) {
      Group attrs = g.addGroup("attrs");
      attrs(i).forEach((key, value) -> {
        Group entry = attrs.addGroup("key_value");
        entry.append("key", key);
        if (value != null) {
          entry.append("value", value);
        }
      });
    }
    for (int k = 0; k < i % 4; k++) {
      g.append("legacy_numbers", (int) i + k);
    }
    List<List<Integer>> matrix = matrix(i);
    if (matrix != null) {
      Group outer = g.addGroup("matrix");
      for (List<Integer> row : matrix) {
        Group rowGroup = outer.addGroup("list");
        if (row != null) {
          Group inner = rowGroup.addGroup("element");
          for (Integer cell : row) {
            Group cellGroup = inner.addGroup("list");
            if (cell != null) {
              cellGroup.append("element", cell);
            }
          }
        }
      }
    }
    return g;
  }

  static byte[] fixed16(BigInteger unscaled) {
    byte[] raw = unscaled.toByteArray();
    byte[] out = new byte[16];
    Arrays.fill(out, unscaled.signum() < 0 ? (byte) -1 : 0);
    System.arraycopy(raw, 0, out, 16 - raw.length, raw.length);
    return out;
  }

  static Binary int96(long micros) {
    long day = Math.floorDiv(micros, 86_400_000_000L);
    long nanosOfDay = Math.floorMod(micros, 86_400_000_000L) * 1000;
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(nanosOfDay).putInt((int) (day + 2_440_588));
    return Binary.fromConstantByteArray(b.array());
  }

  static byte[] blob(long i) {
    byte[] b = new byte[(int) (i % 5)];
    Arrays.fill(b, (byte) (i * 13));
    return b;
  }

  static List<String> tags(long i) {
    List<String> tags = new ArrayList<>();
    for (int k = 0; k < i % 4; k++) {
      tags.add(k == 2 ? null : "t" + k + "," + i);
    }
    return tags;
  }

  static Map<String, Long> attrs(long i) {
    Map<String, Long> attrs = new LinkedHashMap<>();
    for (int k = 0; k < i % 3; k++) {
      attrs.put("a" + k, k == 1 && i % 2 == 0 ? null : i * k);
    }
    return attrs;
  }

  /** Null every 10th row; otherwise rows of cells, some rows null, some empty, some cells null. */
  static List<List<Integer>> matrix(long i) {
    if (i % 10 == 0) {
      return null;
    }
    List<List<Integer>> rows = new ArrayList<>();
    for (int r = 0; r < i % 3; r++) {
      if (r == 1 && i % 2 == 0) {
        rows.add(null);
        continue;
      }
      List<Integer> row = new ArrayList<>();
      for (int c = 0; c < (i + r) % 4; c++) {
        row.add(c == 1 ? null : (int) (i * 10 + c));
      }
      rows.add(row);
    }
    return rows;
  }

  /** Writes rows {@code [from, to)}, {@code rowGroupRows} to a row group. */
  static void write(Path file, long from, long to, int rowGroupRows) throws Exception {
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withType(SCHEMA)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withRowGroupRowCountLimit(rowGroupRows)
        .build()) {
      for (long i = from; i < to; i++) {
        writer.write(event(groups, i));
      }
    }
  }

  static OffsetDateTime utc(long micros) {
    return Instant.EPOCH.plusNanos(micros * 1000).atOffset(ZoneOffset.UTC);
  }

  static void assertRow(Record row, long i) {
    assertThat(row.getField("id")).isEqualTo(i);
    assertThat(row.getField("name")).isEqualTo("name-" + i + (i % 5 == 0 ? " ünïcödé" : ""));
    assertThat(row.getField("flag")).isEqualTo(i % 7 == 0 ? null : i % 2 == 0);
    assertThat(row.getField("small")).isEqualTo((int) (i * 7 - 100));
    assertThat(row.getField("ratio")).isEqualTo(i % 3 == 0 ? null : i / 4f);
    assertThat(row.getField("score")).isEqualTo(i * 1.5 - 0.25);
    assertThat(row.getField("amount")).isEqualTo(BigDecimal.valueOf(i * 1234 - 99_999, 2));
    assertThat(row.getField("amount18")).isEqualTo(BigDecimal.valueOf(i * 123_456_789L - 1, 4));
    assertThat(row.getField("amount38")).isEqualTo(amount38(i));
    assertThat(row.getField("amount_bin")).isEqualTo(BigDecimal.valueOf(i * 1_000_003 - 7, 3));
    assertThat(row.getField("day")).isEqualTo(LocalDate.ofEpochDay(20_000 + i));
    assertThat(row.getField("t_millis")).isEqualTo(LocalTime.ofNanoOfDay((i * 1000 + 7) * 1_000_000));
    assertThat(row.getField("t_micros")).isEqualTo(LocalTime.ofNanoOfDay((i * 1_000_000 + 3) * 1000));
    assertThat(row.getField("ts_millis")).isEqualTo(utc(BASE_MICROS + i * 1_000_000 + 1000));
    assertThat(row.getField("ts_micros")).isEqualTo(utc(BASE_MICROS + i * 1_000_001));
    assertThat(row.getField("ts_local")).isEqualTo(utc(BASE_MICROS + i).toLocalDateTime());
    assertThat(row.getField("legacy_ts")).isEqualTo(utc(BASE_MICROS + i * 3_600_000_000L + 5));
    assertThat(row.getField("blob")).isEqualTo(i % 4 == 0 ? null : ByteBuffer.wrap(blob(i)));
    assertThat((byte[]) row.getField("hash")).isEqualTo(ByteBuffer.allocate(4).putInt((int) i * 31).array());
    assertThat(row.getField("uuid")).isEqualTo(new UUID(i, -i).toString());
    assertThat(row.getField("u32")).isEqualTo(4_000_000_000L - i);
    Record address = (Record) row.getField("address");
    if (i % 6 == 0) {
      assertThat(address).isNull();
    } else {
      assertThat(address.getField("street")).isEqualTo("street " + i);
      assertThat(address.getField("zip")).isEqualTo(i % 5 == 0 ? null : (int) (10_000 + i));
    }
    assertThat(row.getField("tags")).isEqualTo(i % 9 == 0 ? null : tags(i));
    List<?> items = (List<?>) row.getField("items");
    assertThat(items).hasSize((int) (i % 3));
    for (int k = 0; k < items.size(); k++) {
      assertThat(((Record) items.get(k)).getField("k")).isEqualTo("k" + k);
      assertThat(((Record) items.get(k)).getField("v")).isEqualTo(k == 1 ? null : k + i / 10.0);
    }
    assertThat(row.getField("attrs")).isEqualTo(i % 8 == 0 ? null : attrs(i));
    List<Integer> numbers = new ArrayList<>();
    for (int k = 0; k < i % 4; k++) {
      numbers.add((int) i + k);
    }
    assertThat(row.getField("legacy_numbers")).isEqualTo(numbers);
    assertThat(row.getField("matrix")).as("matrix of %s", i).isEqualTo(matrix(i));
  }

  @Test
  void everyTypeLandsInIcebergAsItWasWritten() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    write(dir.resolve("in/a.parquet"), 0, 230, 70);
    write(dir.resolve("in/b.parquet"), 230, 300, 1000);
    Lake lake = new Lake(dir);

    RunSummary summary = lake.run(dir.resolve("in").toString(), "parquet", Map.of());

    assertThat(summary.rowsWritten()).isEqualTo(300);
    assertThat(summary.deadLetters()).isZero();
    Types.StructType types = lake.table().schema().asStruct();
    assertThat(types.field("amount38").type()).isEqualTo(Types.DecimalType.of(38, 10));
    assertThat(types.field("ts_micros").type()).isEqualTo(Types.TimestampType.withZone());
    assertThat(types.field("ts_local").type()).isEqualTo(Types.TimestampType.withoutZone());
    assertThat(types.field("t_millis").type()).isEqualTo(Types.TimeType.get());
    assertThat(types.field("hash").type()).isEqualTo(Types.FixedType.ofLength(4));
    assertThat(types.field("blob").type()).isEqualTo(Types.BinaryType.get());
    assertThat(types.field("attrs").type().isMapType()).isTrue();
    assertThat(types.field("matrix").type().asListType().elementType().isListType()).isTrue();
    List<Record> rows = lake.rows("id");
    assertThat(rows).hasSize(300);
    for (int i = 0; i < rows.size(); i++) {
      assertRow(rows.get(i), i);
    }
    Map<String, String> positions = IcebergTables.positions(lake.table(), "formats").positions();
    assertThat(positions).as("both files read to their end").containsValues("4:0", "1:0");
  }

  @Test
  void aDamagedFileOrOneWithAnotherSchemaIsADeadLetterAndTheRestLands() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    write(dir.resolve("in/a.parquet"), 0, 50, 20);
    Path damaged = dir.resolve("in/b.parquet");
    write(damaged, 50, 100, 20);
    byte[] bytes = Files.readAllBytes(damaged);
    byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);
    Files.write(damaged, cut);
    Path other = dir.resolve("in/c.parquet");
    MessageType otherSchema = MessageTypeParser.parseMessageType("message m { required int64 id; }");
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(other))
        .withType(otherSchema).build()) {
      writer.write(new SimpleGroupFactory(otherSchema).newGroup().append("id", 7L));
    }
    write(dir.resolve("in/d.parquet"), 100, 120, 20);
    Lake lake = new Lake(dir);

    RunSummary summary = lake.run(dir.resolve("in").toString(), "parquet", Map.of());

    assertThat(summary.rowsWritten()).isEqualTo(70);
    List<JsonNode> dead = lake.deadLetters();
    assertThat(dead).hasSize(2);
    assertThat(dead.get(0).get("source").asText()).isEqualTo(damaged.toString());
    assertThat(dead.get(0).get("error").asText()).startsWith("parquet file b.parquet cannot be read");
    assertThat(Lake.raw(dead.get(0))).isEqualTo(cut);
    assertThat(dead.get(1).get("source").asText()).isEqualTo(other.toString());
    assertThat(dead.get(1).get("error").asText()).contains("its schema differs from the first file's");
    assertThat(Lake.raw(dead.get(1))).isEqualTo(Files.readAllBytes(other));
    List<Record> rows = lake.rows("id");
    assertThat(rows).extracting(r -> (Long) r.getField("id")).containsExactlyElementsOf(
        LongStream.concat(LongStream.range(0, 50), LongStream.range(100, 120)).boxed().toList());
    for (Record row : rows) {
      assertRow(row, (Long) row.getField("id"));
    }
  }

  @Test
  void aRunStoppedPartWayIsResumedByTheNextWithoutDuplicates() throws Exception {
    Path file = dir.resolve("events.parquet");
    write(file, 0, 2000, 50);
    Lake lake = new Lake(dir);
    Pipeline first = lake.pipeline(file.toString(), "parquet", Map.of());
    Thread stopper = new Thread(() -> {
      while (first.stats().rowsWritten() == 0) {
        Thread.onSpinWait();
      }
      first.stop();
    });
    stopper.start();
    RunSummary partial = first.run();
    stopper.join();
    assertThat(partial.arrowBytesOutstanding()).isZero();
    assertThat(partial.rowsWritten()).as("the first run stopped part-way").isPositive().isLessThan(2000);
    assertThat(lake.rows("id")).hasSize((int) partial.rowsWritten());

    RunSummary rest = lake.run(file.toString(), "parquet", Map.of());

    assertThat(rest.rowsWritten()).isEqualTo(2000 - partial.rowsWritten());
    List<Record> rows = lake.rows("id");
    assertThat(rows).extracting(r -> (Long) r.getField("id"))
        .containsExactlyElementsOf(LongStream.range(0, 2000).boxed().toList());
    assertRow(rows.get(1999), 1999);
  }

  @Test
  void aReaderSeeksToARowInsideARowGroup(BufferAllocator allocator) throws Exception {
    Path file = dir.resolve("events.parquet");
    write(file, 0, 100, 25);
    try (ArrowFileReader reader = new ParquetFormat().open(file, null)) {
      assertThat(reader.seek("2:7")).isTrue();
      ArrowFileReader.Chunk chunk = reader.next(allocator, 10);
      try (var root = chunk.root()) {
        for (var vector : root.getFieldVectors()) {
          // Arrow 19's validator rejects every MapVector (it visits it as a list) and every 38-digit decimal (its
          // precision check is off by one), so the buffers are checked, not the values: Iceberg checks those.
          if (!vector.getName().equals("attrs")) {
            ValueVectorUtility.validate(vector);
          }
        }
        assertThat(((BigIntVector) root.getVector("id")).get(0)).isEqualTo(57);
        assertThat(root.getRowCount()).isEqualTo(10);
        assertThat(chunk.token()).isEqualTo("2:17");
      }
      ArrowFileReader.Chunk rest = reader.next(allocator, 100);
      try (var root = rest.root()) {
        assertThat(root.getRowCount()).as("a batch stays inside its row group").isEqualTo(8);
        assertThat(rest.token()).as("a group read to its end points at the next").isEqualTo("3:0");
      }
      assertThat(reader.seek("9:0")).as("a token past the file's end: it was replaced").isFalse();
    }
  }
}
