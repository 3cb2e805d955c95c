package dev.logpro.iceberg;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A web-event batch shaped like the CSV of issue 3: 9 strings (a 32-hex event id, a 16-hex session id, a URL and
 * low-cardinality enums), 4 numbers (two longs, two doubles with nulls), a timestamptz and a boolean.
 */
final class EventBatch {

  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "JP", "BR", "IN", "NL", "SE", "CA"};
  private static final String[] DEVICES = {"desktop", "mobile", "tablet", "bot"};
  private static final String[] BROWSERS = {"chrome", "firefox", "safari", "edge", "opera", "curl"};
  private static final String[] TYPES = {"page_view", "click", "scroll", "purchase", "signup", "logout"};
  private static final String[] REFERRERS = {"google.com", "bing.com", "", "t.co", "news.ycombinator.com"};

  private EventBatch() {}

  static Schema schema() {
    return new Schema(List.of(
        field("event_id", ArrowType.Utf8.INSTANCE),
        field("session_id", ArrowType.Utf8.INSTANCE),
        field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
        field("user_id", new ArrowType.Int(64, true)),
        field("event_type", ArrowType.Utf8.INSTANCE),
        field("method", ArrowType.Utf8.INSTANCE),
        field("url", ArrowType.Utf8.INSTANCE),
        field("status", new ArrowType.Int(64, true)),
        field("country", ArrowType.Utf8.INSTANCE),
        field("device", ArrowType.Utf8.INSTANCE),
        field("browser", ArrowType.Utf8.INSTANCE),
        field("referrer", ArrowType.Utf8.INSTANCE),
        field("duration_ms", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        field("price", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        field("bot", ArrowType.Bool.INSTANCE),
        field("user_agent", ArrowType.Utf8.INSTANCE)));
  }

  static VectorSchemaRoot create(BufferAllocator allocator, int rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema(), allocator);
    root.allocateNew();
    SplittableRandom random = new SplittableRandom(42);
    long base = 1_717_200_000_000_000L;
    for (int r = 0; r < rows; r++) {
      string(root, "event_id", r, hex(random.nextLong()) + hex(random.nextLong()));
      string(root, "session_id", r, hex(random.nextLong(1L << 40) * 7919));
      ((TimeStampMicroTZVector) root.getVector("ts")).setSafe(r, base + r * 1_234L + random.nextInt(1000));
      ((BigIntVector) root.getVector("user_id")).setSafe(r, random.nextLong(1_000_000));
      string(root, "event_type", r, pick(TYPES, random));
      string(root, "method", r, pick(METHODS, random));
      string(root, "url", r, "https://shop.example.com/p/" + random.nextInt(20_000) + "/item?ref=" + random.nextInt(50));
      ((BigIntVector) root.getVector("status")).setSafe(r, random.nextInt(20) == 0 ? 404 : 200);
      string(root, "country", r, pick(COUNTRIES, random));
      string(root, "device", r, pick(DEVICES, random));
      string(root, "browser", r, pick(BROWSERS, random));
      string(root, "referrer", r, pick(REFERRERS, random));
      Float8Vector duration = (Float8Vector) root.getVector("duration_ms");
      if (random.nextInt(10) == 0) {
        duration.setNull(r);
      } else {
        duration.setSafe(r, random.nextDouble() * 2000);
      }
      Float8Vector price = (Float8Vector) root.getVector("price");
      if (random.nextInt(3) != 0) {
        price.setNull(r);
      } else {
        price.setSafe(r, Math.round(random.nextDouble() * 50_000) / 100.0);
      }
      ((BitVector) root.getVector("bot")).setSafe(r, random.nextInt(50) == 0 ? 1 : 0);
      string(root, "user_agent", r, "Mozilla/5.0 (" + pick(DEVICES, random) + ") " + pick(BROWSERS, random)
          + "/" + random.nextInt(90, 130));
    }
    root.setRowCount(rows);
    return root;
  }

  private static String pick(String[] values, SplittableRandom random) {
    return values[random.nextInt(values.length)];
  }

  private static String hex(long value) {
    return String.format("%016x", value);
  }

  private static void string(VectorSchemaRoot root, String column, int row, String value) {
    ((VarCharVector) root.getVector(column)).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
  }

  private static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }
}
