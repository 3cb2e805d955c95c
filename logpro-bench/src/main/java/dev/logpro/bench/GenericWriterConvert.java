package dev.logpro.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Files;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * The Java baseline, run in its own JVM: the usual way to write Iceberg Parquet from Java. Each line of the input is
 * parsed (a split on commas for CSV, Jackson's tree model for NDJSON) into a {@link GenericRecord}, and the records
 * go through Iceberg's {@code Parquet.write(...).createWriterFunc(GenericParquetWriter::create)} into one ZSTD file.
 * One thread, as such code is usually written. The schema is the one logpro infers for the generated events.
 *
 * <p>usage: {@code GenericWriterConvert <csv|ndjson> <input> <output.parquet>}; prints {@code work_ms=N}.
 */
public final class GenericWriterConvert {
  static final Types.StructType ADDRESS = Types.StructType.of(
      Types.NestedField.optional(101, "city", Types.StringType.get()),
      Types.NestedField.optional(102, "zip", Types.StringType.get()));

  private GenericWriterConvert() {}

  public static void main(String[] args) throws Exception {
    String format = args[0];
    File in = new File(args[1]);
    Path out = Path.of(args[2]);
    long start = System.nanoTime();
    long rows = switch (format) {
      case "csv" -> writeCsv(in, out);
      case "ndjson" -> writeNdjson(in, out);
      default -> throw new IllegalArgumentException("Cannot convert format " + format + ": expected csv or ndjson");
    };
    System.out.println("work_ms=" + (System.nanoTime() - start) / 1_000_000);
    System.out.println("rows=" + rows);
  }

  static Schema csvSchema() {
    return new Schema(common(true));
  }

  static Schema ndjsonSchema() {
    List<Types.NestedField> fields = common(false);
    fields.add(Types.NestedField.optional(15, "address", ADDRESS));
    fields.add(Types.NestedField.optional(16, "tags", Types.ListType.ofOptional(103, Types.StringType.get())));
    return new Schema(fields);
  }

  private static List<Types.NestedField> common(boolean withCityZip) {
    List<Types.NestedField> f = new ArrayList<>();
    f.add(Types.NestedField.optional(1, "event_id", Types.StringType.get()));
    f.add(Types.NestedField.optional(2, "ts", Types.TimestampType.withZone()));
    f.add(Types.NestedField.optional(3, "user_id", Types.LongType.get()));
    f.add(Types.NestedField.optional(4, "session_id", Types.StringType.get()));
    f.add(Types.NestedField.optional(5, "event_type", Types.StringType.get()));
    f.add(Types.NestedField.optional(6, "status", Types.StringType.get()));
    f.add(Types.NestedField.optional(7, "country", Types.StringType.get()));
    f.add(Types.NestedField.optional(8, "device", Types.StringType.get()));
    f.add(Types.NestedField.optional(9, "url", Types.StringType.get()));
    f.add(Types.NestedField.optional(10, "referrer", Types.StringType.get()));
    f.add(Types.NestedField.optional(11, "latency_ms", Types.DoubleType.get()));
    f.add(Types.NestedField.optional(12, "bytes", Types.LongType.get()));
    f.add(Types.NestedField.optional(13, "price", Types.DoubleType.get()));
    f.add(Types.NestedField.optional(14, "is_bot", Types.BooleanType.get()));
    if (withCityZip) {
      f.add(Types.NestedField.optional(15, "city", Types.StringType.get()));
      f.add(Types.NestedField.optional(16, "zip", Types.StringType.get()));
    }
    return f;
  }

  private static FileAppender<Record> appender(Path out, Schema schema) throws IOException {
    return Parquet.write(Files.localOutput(out.toFile()))
        .schema(schema)
        .createWriterFunc(GenericParquetWriter::create)
        .set(TableProperties.PARQUET_COMPRESSION, "zstd")
        .overwrite()
        .build();
  }

  private static long writeCsv(File in, Path out) throws IOException {
    Schema schema = csvSchema();
    GenericRecord template = GenericRecord.create(schema);
    String[] f = new String[16];
    long rows = 0;
    try (BufferedReader r = java.nio.file.Files.newBufferedReader(in.toPath(), StandardCharsets.UTF_8);
        FileAppender<Record> appender = appender(out, schema)) {
      r.readLine(); // header
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        split(line, f);
        GenericRecord rec = template.copy();
        rec.set(0, text(f[0]));
        rec.set(1, f[1].isEmpty() ? null : OffsetDateTime.parse(f[1]));
        rec.set(2, f[2].isEmpty() ? null : Long.parseLong(f[2]));
        for (int i = 3; i <= 9; i++) {
          rec.set(i, text(f[i]));
        }
        rec.set(10, f[10].isEmpty() ? null : Double.parseDouble(f[10]));
        rec.set(11, f[11].isEmpty() ? null : Long.parseLong(f[11]));
        rec.set(12, f[12].isEmpty() ? null : Double.parseDouble(f[12]));
        rec.set(13, f[13].isEmpty() ? null : Boolean.parseBoolean(f[13]));
        rec.set(14, text(f[14]));
        rec.set(15, text(f[15]));
        appender.add(rec);
        rows++;
      }
    }
    return rows;
  }

  /** Splits an unquoted CSV line (the generated data has no quotes) into exactly {@code f.length} fields. */
  private static void split(String line, String[] f) {
    int start = 0;
    for (int i = 0; i < f.length - 1; i++) {
      int comma = line.indexOf(',', start);
      if (comma < 0) {
        throw new IllegalArgumentException("Cannot parse CSV line: expected " + f.length + " fields in " + line);
      }
      f[i] = line.substring(start, comma);
      start = comma + 1;
    }
    f[f.length - 1] = line.substring(start);
  }

  private static String text(String s) {
    return s.isEmpty() ? null : s;
  }

  private static long writeNdjson(File in, Path out) throws IOException {
    Schema schema = ndjsonSchema();
    GenericRecord template = GenericRecord.create(schema);
    GenericRecord addressTemplate = GenericRecord.create(ADDRESS);
    ObjectMapper json = new ObjectMapper();
    String[] texts = {"event_id", "ts", "user_id", "session_id", "event_type", "status", "country", "device", "url",
        "referrer"};
    long rows = 0;
    try (BufferedReader r = java.nio.file.Files.newBufferedReader(in.toPath(), StandardCharsets.UTF_8);
        FileAppender<Record> appender = appender(out, schema)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode n = json.readTree(line);
        GenericRecord rec = template.copy();
        rec.set(0, textOf(n, texts[0]));
        String ts = textOf(n, "ts");
        rec.set(1, ts == null ? null : OffsetDateTime.parse(ts));
        rec.set(2, n.path("user_id").isNumber() ? n.get("user_id").longValue() : null);
        for (int i = 3; i <= 9; i++) {
          rec.set(i, textOf(n, texts[i]));
        }
        rec.set(10, n.path("latency_ms").isNumber() ? n.get("latency_ms").doubleValue() : null);
        rec.set(11, n.path("bytes").isNumber() ? n.get("bytes").longValue() : null);
        rec.set(12, n.path("price").isNumber() ? n.get("price").doubleValue() : null);
        rec.set(13, n.path("is_bot").isBoolean() ? n.get("is_bot").booleanValue() : null);
        JsonNode a = n.path("address");
        if (a.isObject()) {
          GenericRecord address = addressTemplate.copy();
          address.set(0, textOf(a, "city"));
          address.set(1, textOf(a, "zip"));
          rec.set(14, address);
        }
        JsonNode t = n.path("tags");
        if (t.isArray()) {
          List<String> tags = new ArrayList<>(t.size());
          t.forEach(e -> tags.add(e.isNull() ? null : e.asText()));
          rec.set(15, tags);
        }
        appender.add(rec);
        rows++;
      }
    }
    return rows;
  }

  private static String textOf(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
