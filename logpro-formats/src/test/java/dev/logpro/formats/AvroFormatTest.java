package dev.logpro.formats;

import dev.logpro.iceberg.IcebergTables;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logpro.core.pipeline.RunSummary;
import java.io.File;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Avro container files written by Avro's own {@code DataFileWriter}, with every type the format maps, run through the
 * real pipeline into an Iceberg table and read back with Iceberg's reader, value by value.
 */
class AvroFormatTest {
  @TempDir Path dir;

  private static final Schema DECIMAL_BYTES = LogicalTypes.decimal(10, 2).addToSchema(Schema.create(Schema.Type.BYTES));
  private static final Schema DECIMAL_FIXED =
      LogicalTypes.decimal(18, 4).addToSchema(Schema.createFixed("amount18", null, "t", 8));
  private static final Schema ADDRESS = SchemaBuilder.record("Address").namespace("t").fields()
      .requiredString("street").optionalInt("zip").endRecord();
  private static final Schema ITEM = SchemaBuilder.record("Item").namespace("t").fields()
      .requiredString("k").requiredDouble("v").endRecord();
  private static final Schema COLOR = SchemaBuilder.enumeration("Color").namespace("t").symbols("RED", "GREEN");
  private static final Schema HASH = Schema.createFixed("Hash", null, "t", 4);

  static final Schema SCHEMA = SchemaBuilder.record("Event").namespace("t").fields()
      .requiredLong("id")
      .requiredString("name")
      .requiredBoolean("flag")
      .requiredInt("small")
      .requiredFloat("ratio")
      .requiredDouble("score")
      .optionalString("maybe")
      .name("amount").type(DECIMAL_BYTES).noDefault()
      .name("big_amount").type(DECIMAL_FIXED).noDefault()
      .name("day").type(LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT))).noDefault()
      .name("t_millis").type(LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT))).noDefault()
      .name("t_micros").type(LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
      .name("ts_millis").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
      .name("ts_micros").type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
      .name("local_millis").type(LogicalTypes.localTimestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
          .noDefault()
      .name("local_micros").type(LogicalTypes.localTimestampMicros().addToSchema(Schema.create(Schema.Type.LONG)))
          .noDefault()
      .name("uuid").type(LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING))).noDefault()
      .requiredBytes("blob")
      .name("hash").type(HASH).noDefault()
      .name("color").type(COLOR).noDefault()
      .name("address").type(ADDRESS).noDefault()
      .name("maybe_address").type().optional().type(ADDRESS)
      .name("tags").type().array().items().stringType().noDefault()
      .name("items").type().array().items(ITEM).noDefault()
      .name("attrs").type().map().values().longType().noDefault()
      .endRecord();

  private static final long BASE_MICROS = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z

  static GenericRecord event(long i) {
    Conversions.DecimalConversion decimals = new Conversions.DecimalConversion();
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("id", i);
    r.put("name", "name-" + i + (i % 5 == 0 ? " ünïcödé, \"quoted\"" : ""));
    r.put("flag", i % 2 == 0);
    r.put("small", (int) (i * 7 - 100));
    r.put("ratio", i / 4f);
    r.put("score", i * 1.5 - 0.25);
    r.put("maybe", i % 3 == 0 ? null : "m" + i);
    r.put("amount", decimals.toBytes(amount(i), DECIMAL_BYTES, DECIMAL_BYTES.getLogicalType()));
    r.put("big_amount", decimals.toFixed(bigAmount(i), DECIMAL_FIXED, DECIMAL_FIXED.getLogicalType()));
    r.put("day", (int) (20_000 + i));
    r.put("t_millis", (int) (i * 1000 + 7));
    r.put("t_micros", i * 1_000_000 + 3);
    r.put("ts_millis", BASE_MICROS / 1000 + i * 1000 + 1);
    r.put("ts_micros", BASE_MICROS + i * 1_000_001);
    r.put("local_millis", BASE_MICROS / 1000 - i * 60_000);
    r.put("local_micros", BASE_MICROS + i);
    r.put("uuid", new UUID(i, -i).toString());
    r.put("blob", ByteBuffer.wrap(blob(i)));
    r.put("hash", new GenericData.Fixed(HASH, ByteBuffer.allocate(4).putInt((int) i * 31).array()));
    r.put("color", new GenericData.EnumSymbol(COLOR, i % 2 == 0 ? "RED" : "GREEN"));
    r.put("address", address(i));
    r.put("maybe_address", i % 4 == 0 ? null : address(i + 1000));
    r.put("tags", tags(i));
    List<GenericRecord> items = new ArrayList<>();
    for (int k = 0; k < i % 3; k++) {
      GenericRecord item = new GenericData.Record(ITEM);
      item.put("k", "k" + k);
      item.put("v", k + i / 10.0);
      items.add(item);
    }
    r.put("items", items);
    r.put("attrs", attrs(i));
    return r;
  }

  static BigDecimal amount(long i) {
    return BigDecimal.valueOf(i * 1234 - 99_999, 2);
  }

  static BigDecimal bigAmount(long i) {
    return new BigDecimal((i % 2 == 0 ? "-" : "") + "12345678901234." + String.format("%04d", i % 10_000));
  }

  static byte[] blob(long i) {
    byte[] b = new byte[(int) (i % 5)];
    Arrays.fill(b, (byte) (i * 13));
    return b;
  }

  private static GenericRecord address(long i) {
    GenericRecord a = new GenericData.Record(ADDRESS);
    a.put("street", "street " + i);
    a.put("zip", i % 6 == 0 ? null : (int) (10_000 + i));
    return a;
  }

  static List<String> tags(long i) {
    List<String> tags = new ArrayList<>();
    for (int k = 0; k < i % 4; k++) {
      tags.add("t" + k + "," + i);
    }
    return tags;
  }

  static Map<String, Long> attrs(long i) {
    Map<String, Long> attrs = new LinkedHashMap<>();
    for (int k = 0; k < i % 3; k++) {
      attrs.put("a" + k, i * k);
    }
    return attrs;
  }

  /** Writes rows {@code [from, to)} in blocks of {@code blockRows}; returns the offset after each block. */
  static List<Long> write(File file, String codec, long from, long to, int blockRows, boolean append)
      throws Exception {
    List<Long> blockEnds = new ArrayList<>();
    try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(SCHEMA))) {
      if (append) {
        writer.appendTo(file);
      } else {
        writer.setCodec(CodecFactory.fromString(codec));
        writer.create(SCHEMA, file);
      }
      for (long i = from; i < to; i++) {
        writer.append(event(i));
        if ((i - from + 1) % blockRows == 0) {
          blockEnds.add(writer.sync());
        }
      }
      blockEnds.add(writer.sync());
    }
    return blockEnds;
  }

  static void assertRow(Record row, long i) {
    assertThat(row.getField("id")).isEqualTo(i);
    assertThat(row.getField("name")).isEqualTo(event(i).get("name"));
    assertThat(row.getField("flag")).isEqualTo(i % 2 == 0);
    assertThat(row.getField("small")).isEqualTo((int) (i * 7 - 100));
    assertThat(row.getField("ratio")).isEqualTo(i / 4f);
    assertThat(row.getField("score")).isEqualTo(i * 1.5 - 0.25);
    assertThat(row.getField("maybe")).isEqualTo(i % 3 == 0 ? null : "m" + i);
    assertThat(row.getField("amount")).isEqualTo(amount(i));
    assertThat(row.getField("big_amount")).isEqualTo(bigAmount(i));
    assertThat(row.getField("day")).isEqualTo(LocalDate.ofEpochDay(20_000 + i));
    assertThat(row.getField("t_millis")).isEqualTo(LocalTime.ofNanoOfDay((i * 1000 + 7) * 1_000_000));
    assertThat(row.getField("t_micros")).isEqualTo(LocalTime.ofNanoOfDay((i * 1_000_000 + 3) * 1000));
    assertThat(row.getField("ts_millis")).isEqualTo(utc(BASE_MICROS + i * 1_000_000 + 1000));
    assertThat(row.getField("ts_micros")).isEqualTo(utc(BASE_MICROS + i * 1_000_001));
    assertThat(row.getField("local_millis")).isEqualTo(utc(BASE_MICROS - i * 60_000_000).toLocalDateTime());
    assertThat(row.getField("local_micros")).isEqualTo(utc(BASE_MICROS + i).toLocalDateTime());
    assertThat(row.getField("uuid")).isEqualTo(new UUID(i, -i).toString());
    assertThat(row.getField("blob")).isEqualTo(ByteBuffer.wrap(blob(i)));
    assertThat((byte[]) row.getField("hash")).isEqualTo(ByteBuffer.allocate(4).putInt((int) i * 31).array());
    assertThat(row.getField("color")).isEqualTo(i % 2 == 0 ? "RED" : "GREEN");
    Record address = (Record) row.getField("address");
    assertThat(address.getField("street")).isEqualTo("street " + i);
    assertThat(address.getField("zip")).isEqualTo(i % 6 == 0 ? null : (int) (10_000 + i));
    Record maybe = (Record) row.getField("maybe_address");
    if (i % 4 == 0) {
      assertThat(maybe).isNull();
    } else {
      assertThat(maybe.getField("street")).isEqualTo("street " + (i + 1000));
    }
    assertThat(row.getField("tags")).isEqualTo(tags(i));
    List<?> items = (List<?>) row.getField("items");
    assertThat(items).hasSize((int) (i % 3));
    for (int k = 0; k < items.size(); k++) {
      assertThat(((Record) items.get(k)).getField("k")).isEqualTo("k" + k);
      assertThat(((Record) items.get(k)).getField("v")).isEqualTo(k + i / 10.0);
    }
    assertThat(row.getField("attrs")).isEqualTo(attrs(i));
  }

  static OffsetDateTime utc(long micros) {
    return Instant.EPOCH.plusNanos(micros * 1000).atOffset(ZoneOffset.UTC);
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "deflate", "snappy", "zstandard"})
  void everyTypeLandsInIcebergAsItWasWritten(String codec) throws Exception {
    Path file = dir.resolve("in/events.avro");
    Files.createDirectories(file.getParent());
    write(file.toFile(), codec, 0, 250, 40, false);
    Lake lake = new Lake(dir);

    RunSummary summary = lake.run(file.toString(), "avro", Map.of());

    assertThat(summary.rowsWritten()).isEqualTo(250);
    assertThat(summary.deadLetters()).isZero();
    Types.StructType types = lake.table().schema().asStruct();
    assertThat(types.field("amount").type()).isEqualTo(Types.DecimalType.of(10, 2));
    assertThat(types.field("big_amount").type()).isEqualTo(Types.DecimalType.of(18, 4));
    assertThat(types.field("ts_millis").type()).isEqualTo(Types.TimestampType.withZone());
    assertThat(types.field("local_micros").type()).isEqualTo(Types.TimestampType.withoutZone());
    assertThat(types.field("t_millis").type()).isEqualTo(Types.TimeType.get());
    assertThat(types.field("day").type()).isEqualTo(Types.DateType.get());
    assertThat(types.field("blob").type()).isEqualTo(Types.BinaryType.get());
    assertThat(types.field("hash").type()).isEqualTo(Types.FixedType.ofLength(4));
    assertThat(types.field("attrs").type().isMapType()).isTrue();
    assertThat(types.field("items").type().asListType().elementType().isStructType()).isTrue();
    List<Record> rows = lake.rows("id");
    assertThat(rows).hasSize(250);
    for (int i = 0; i < rows.size(); i++) {
      assertRow(rows.get(i), i);
    }
  }

  @Test
  void aDamagedBlockIsADeadLetterWithItsBytesAndTheOtherBlocksLand() throws Exception {
    Path file = dir.resolve("events.avro");
    List<Long> ends = write(file.toFile(), "deflate", 0, 100, 10, false);
    byte[] bytes = Files.readAllBytes(file);
    int start = (int) (long) ends.get(3);
    int end = (int) (long) ends.get(4);
    bytes[end - 1] ^= 0x5A; // the sync marker of the fifth block
    bytes[start + 20] ^= 0x33; // and its compressed data
    Files.write(file, bytes);
    Lake lake = new Lake(dir);

    RunSummary summary = lake.run(file.toString(), "avro", Map.of());

    List<JsonNode> dead = lake.deadLetters();
    assertThat(dead).singleElement().satisfies(d -> {
      assertThat(d.get("stage").asText()).isEqualTo("decode");
      assertThat(d.get("position").asText()).isEqualTo(String.valueOf(start));
      assertThat(d.get("source").asText()).isEqualTo(file.toString());
    });
    // Its sync marker broken, the block runs on to the next marker: blocks 5 and 6 are one dead letter.
    assertThat(Lake.raw(dead.get(0))).isEqualTo(Arrays.copyOfRange(bytes, start, (int) (long) ends.get(5)));
    List<Record> rows = lake.rows("id");
    assertThat(rows).extracting(r -> (Long) r.getField("id")).doesNotContainAnyElementsOf(
        java.util.stream.LongStream.range(40, 60).boxed().toList()).hasSize(80);
    for (Record row : rows) {
      assertRow(row, (Long) row.getField("id"));
    }
    assertThat(summary.deadLetters()).isEqualTo(1);
  }

  @Test
  void aRestartResumesAtTheNextBlockOfAFileThatGrew() throws Exception {
    Path file = dir.resolve("events.avro");
    write(file.toFile(), "snappy", 0, 120, 25, false);
    Lake lake = new Lake(dir);
    assertThat(lake.run(file.toString(), "avro", Map.of()).rowsWritten()).isEqualTo(120);
    Map<String, String> committed = IcebergTables.positions(lake.table(), "formats").positions();
    assertThat(committed).containsValue(String.valueOf(Files.size(file)));

    write(file.toFile(), null, 120, 200, 25, true);
    RunSummary second = lake.run(file.toString(), "avro", Map.of());
    RunSummary third = lake.run(file.toString(), "avro", Map.of());

    assertThat(second.rowsWritten()).isEqualTo(80);
    assertThat(third.rowsWritten()).isZero();
    List<Record> rows = lake.rows("id");
    assertThat(rows).extracting(r -> (Long) r.getField("id"))
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 200).boxed().toList());
    assertRow(rows.get(199), 199);
  }

  @Test
  void aUnionOfTwoTypesIsADeadLetterNamingTheField() throws Exception {
    Schema schema = SchemaBuilder.record("R").fields().requiredLong("id")
        .name("either").type().unionOf().intType().and().stringType().endUnion().noDefault().endRecord();
    Path file = dir.resolve("union.avro");
    try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
      writer.create(schema, file.toFile());
      GenericRecord r = new GenericData.Record(schema);
      r.put("id", 1L);
      r.put("either", "x");
      writer.append(r);
    }
    Lake lake = new Lake(dir);
    RunSummary summary = lake.run(file.toString(), "avro", Map.of());
    assertThat(summary.rowsWritten()).isZero();
    assertThat(lake.deadLetters()).singleElement().satisfies(d -> assertThat(d.get("error").asText())
        .contains("field either").contains("union of [int, string]"));
    assertThat(new String(Lake.raw(lake.deadLetters().get(0)), StandardCharsets.ISO_8859_1)).isNotEmpty();
  }

}
