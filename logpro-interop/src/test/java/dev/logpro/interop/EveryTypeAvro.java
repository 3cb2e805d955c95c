package dev.logpro.interop;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

/**
 * An Avro container file with every type logpro maps (the schema of logpro-formats' {@code AvroFormatTest}), written
 * with Avro's own writer: decimals as bytes and as fixed, date, timestamps with and without zone in millis and
 * micros, uuid, bytes, fixed, enum, nested records, arrays of strings and of records, a map. Time of day is left out
 * here ({@link #WITH_TIME}): Spark has no type for it.
 */
final class EveryTypeAvro {
  private static final Schema DECIMAL_BYTES = LogicalTypes.decimal(10, 2).addToSchema(Schema.create(Schema.Type.BYTES));
  private static final Schema DECIMAL_FIXED =
      LogicalTypes.decimal(18, 4).addToSchema(Schema.createFixed("amount18", null, "t", 8));
  private static final Schema ADDRESS = SchemaBuilder.record("Address").namespace("t").fields()
      .requiredString("street").optionalInt("zip").endRecord();
  private static final Schema ITEM = SchemaBuilder.record("Item").namespace("t").fields()
      .requiredString("k").requiredDouble("v").endRecord();
  private static final Schema COLOR = SchemaBuilder.enumeration("Color").namespace("t").symbols("RED", "GREEN");
  private static final Schema HASH = Schema.createFixed("Hash", null, "t", 4);
  static final long BASE_MICROS = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z

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

  /** A small schema with a time-of-day column, the one Iceberg type Spark cannot read. */
  static final Schema WITH_TIME = SchemaBuilder.record("Timed").namespace("t").fields()
      .requiredLong("id")
      .name("at").type(LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
      .endRecord();

  private EveryTypeAvro() {}

  static GenericRecord event(long i) {
    Conversions.DecimalConversion decimals = new Conversions.DecimalConversion();
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("id", i);
    r.put("name", "name-" + i + (i % 5 == 0 ? " ünïcödé, \"quoted\" 😀" : ""));
    r.put("flag", i % 2 == 0);
    r.put("small", (int) (i * 7 - 100));
    r.put("ratio", i / 4f);
    r.put("score", i * 1.5 - 0.25);
    r.put("maybe", i % 3 == 0 ? null : "m" + i);
    r.put("amount", decimals.toBytes(amount(i), DECIMAL_BYTES, DECIMAL_BYTES.getLogicalType()));
    r.put("big_amount", decimals.toFixed(bigAmount(i), DECIMAL_FIXED, DECIMAL_FIXED.getLogicalType()));
    r.put("day", (int) (i * 97 - 20_000)); // 1915 to 2039
    r.put("ts_millis", BASE_MICROS / 1000 - i * 7_776_001_123L); // 90 days apart, back to the 1950s
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
    return new BigDecimal((i % 2 == 0 ? "-" : "") + "12345678901234." + String.format(Locale.ROOT, "%04d", i % 10_000));
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

  /** Writes rows {@code [0, rows)} to {@code file}, zstandard-compressed, in blocks of about 64 KiB. */
  static void write(File file, long rows) throws IOException {
    try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(SCHEMA))) {
      writer.setCodec(CodecFactory.zstandardCodec(3));
      writer.setSyncInterval(64 * 1024);
      writer.create(SCHEMA, file);
      for (long i = 0; i < rows; i++) {
        writer.append(event(i));
      }
    }
  }

  /** Writes {@code rows} rows of {@link #WITH_TIME} to {@code file}. */
  static void writeWithTime(File file, long rows) throws IOException {
    try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(WITH_TIME))) {
      writer.create(WITH_TIME, file);
      for (long i = 0; i < rows; i++) {
        GenericRecord r = new GenericData.Record(WITH_TIME);
        r.put("id", i);
        r.put("at", i * 60_000_000L);
        writer.append(r);
      }
    }
  }
}
