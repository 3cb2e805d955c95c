package dev.logpro.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Rows as one canonical string each, whichever reader produced them: Spark's {@link Row}s (with the Java 8 time API)
 * and Iceberg's generic {@link Record}s give the same string for the same value, so two readers' views of a table can
 * be compared whole. Columns in table order; timestamps with a zone as UTC instants, binary as hex, decimals with
 * their scale, maps sorted by key.
 */
final class Rows {
  private static final HexFormat HEX = HexFormat.of();

  private Rows() {}

  /** Every row of the table's current snapshot, read with Iceberg's generic reader, by the value of {@code key}. */
  static Map<String, String> icebergByKey(Table table, String key) {
    table.refresh();
    int index = indexOf(table.schema().asStruct(), key);
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      return byKey(java.util.stream.StreamSupport.stream(records.spliterator(), false)
          .map(r -> new String[] {String.valueOf(r.get(index)), canonical(r)}));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every row of {@code rows} (a Spark {@code SELECT *} of the table), by the value of {@code key}. */
  static Map<String, String> sparkByKey(List<Row> rows, String key) {
    return byKey(rows.stream().map(r -> new String[] {String.valueOf(r.get(r.fieldIndex(key))), canonical(r)}));
  }

  private static Map<String, String> byKey(Stream<String[]> pairs) {
    return pairs.collect(Collectors.toMap(p -> p[0], p -> p[1], (a, b) -> {
      throw new AssertionError("two rows with one key: " + a + " and " + b);
    }, TreeMap::new));
  }

  private static int indexOf(Types.StructType struct, String name) {
    List<Types.NestedField> fields = struct.fields();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no column " + name);
  }

  static String canonical(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Row row) {
      return struct(row.size(), row::get);
    }
    if (value instanceof Record record) {
      return struct(record.size(), record::get);
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      return canonical(CollectionConverters.asJava(seq));
    }
    if (value instanceof scala.collection.Map<?, ?> map) {
      return canonical(CollectionConverters.asJava(map));
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Rows::canonical).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, String> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(canonical(k), canonical(v)));
      return "map" + sorted;
    }
    if (value instanceof byte[] bytes) {
      return "0x" + HEX.formatHex(bytes);
    }
    if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return "0x" + HEX.formatHex(bytes);
    }
    if (value instanceof OffsetDateTime time) {
      return time.toInstant().toString();
    }
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof CharSequence || value instanceof UUID) {
      return "\"" + value + "\""; // Spark reads Iceberg's uuid as a string
    }
    return value.toString(); // numbers, booleans, LocalDate, LocalDateTime
  }

  private static String struct(int size, Function<Integer, Object> field) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < size; i++) {
      out.append(i == 0 ? "" : ", ").append(canonical(field.apply(i)));
    }
    return out.append('}').toString();
  }
}
