package dev.logpro.core.schema;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The scalar types schema inference chooses between, from the narrowest to the widest: a column's type is the widest
 * type any of its sampled values needs ({@link #widen}).
 */
public enum ColumnType {
  INT64(new ArrowType.Int(64, true), "int64"),
  FLOAT64(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), "float64"),
  BOOL(ArrowType.Bool.INSTANCE, "boolean"),
  /** An ISO-8601 timestamp with {@code Z} or an offset, stored in UTC. */
  TIMESTAMP_TZ(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), "timestamp with time zone"),
  /** An ISO-8601 timestamp without a zone. */
  TIMESTAMP(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), "timestamp"),
  DATE(new ArrowType.Date(DateUnit.DAY), "date"),
  STRING(ArrowType.Utf8.INSTANCE, "string");

  private final ArrowType arrowType;
  private final String displayName;

  ColumnType(ArrowType arrowType, String displayName) {
    this.arrowType = arrowType;
    this.displayName = displayName;
  }

  public ArrowType arrowType() {
    return arrowType;
  }

  /** The name error messages use: {@code cannot parse "abc" as int64}. */
  public String displayName() {
    return displayName;
  }

  /** A nullable Arrow field of this type. */
  public Field field(String name) {
    return new Field(name, FieldType.nullable(arrowType), null);
  }

  /** The inference type whose Arrow type is {@code type}, or {@code null} if inference never chooses it. */
  public static ColumnType of(ArrowType type) {
    for (ColumnType candidate : values()) {
      if (candidate.arrowType.equals(type)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * The narrowest type holding values of both types; {@code null} stands for "no value seen yet". Integers widen to
   * floats, dates to timestamps; any other mix becomes a string.
   */
  public static ColumnType widen(ColumnType a, ColumnType b) {
    if (a == null || a == b) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (isPair(a, b, INT64, FLOAT64)) {
      return FLOAT64;
    }
    if (isPair(a, b, DATE, TIMESTAMP)) {
      return TIMESTAMP;
    }
    if (isPair(a, b, DATE, TIMESTAMP_TZ)) {
      return TIMESTAMP_TZ;
    }
    return STRING;
  }

  private static boolean isPair(ColumnType a, ColumnType b, ColumnType x, ColumnType y) {
    return (a == x && b == y) || (a == y && b == x);
  }
}
