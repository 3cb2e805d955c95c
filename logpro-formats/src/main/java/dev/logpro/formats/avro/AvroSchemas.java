package dev.logpro.formats.avro;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Maps an Avro schema to Arrow, the shape the Iceberg sink writes without conversion: records are structs, arrays
 * lists ({@code element}), maps maps ({@code entries} of {@code key}, {@code value}), a union with null a nullable
 * field. Logical types: decimal (bytes or fixed, up to 38 digits) is a 128-bit decimal; date a day; time-millis and
 * time-micros a microsecond time; timestamp-millis and -micros a microsecond timestamp in UTC (Iceberg's
 * {@code timestamptz}); local-timestamp-millis and -micros one without zone ({@code timestamp}); the -nanos ones a
 * nanosecond timestamp (Iceberg keeps microseconds); uuid a string; enums strings; fixed fixed-size binary.
 */
final class AvroSchemas {
  static final String UTC = "UTC";

  private AvroSchemas() {}

  /** The Arrow fields of the rows: a record's fields, or one column {@code value} for any other top-level schema. */
  static List<Field> rowFields(Schema schema) {
    Set<String> seen = new HashSet<>();
    List<Field> fields = new ArrayList<>();
    if (schema.getType() == Schema.Type.RECORD) {
      seen.add(schema.getFullName());
      for (Schema.Field f : schema.getFields()) {
        fields.add(field(f.name(), f.schema(), seen, f.name()));
      }
    } else {
      fields.add(field("value", schema, seen, "value"));
    }
    return fields;
  }

  /** The non-null branch of a union with null, or {@code null} if {@code schema} is not such a union. */
  static Schema nullableBranch(Schema schema) {
    if (schema.getType() != Schema.Type.UNION || schema.getTypes().size() != 2) {
      return null;
    }
    Schema a = schema.getTypes().get(0);
    Schema b = schema.getTypes().get(1);
    if (a.getType() == Schema.Type.NULL && b.getType() != Schema.Type.NULL) {
      return b;
    }
    return b.getType() == Schema.Type.NULL && a.getType() != Schema.Type.NULL ? a : null;
  }

  private static Field field(String name, Schema schema, Set<String> seen, String path) {
    Schema inner = nullableBranch(schema);
    boolean nullable = inner != null;
    Schema type = nullable ? inner : schema;
    if (type.getType() == Schema.Type.UNION) {
      throw new IllegalArgumentException("field " + path + ": a union of " + type.getTypes().stream()
          .map(s -> s.getType().getName()).toList() + " has no Arrow type (only a union of null and one type does)");
    }
    List<Field> children = new ArrayList<>();
    ArrowType arrow;
    switch (type.getType()) {
      case RECORD -> {
        if (!seen.add(type.getFullName())) {
          throw new IllegalArgumentException("field " + path + ": the recursive record " + type.getFullName()
              + " has no Arrow type");
        }
        for (Schema.Field f : type.getFields()) {
          children.add(field(f.name(), f.schema(), seen, path + "." + f.name()));
        }
        seen.remove(type.getFullName());
        arrow = ArrowType.Struct.INSTANCE;
      }
      case ARRAY -> {
        children.add(field("element", type.getElementType(), seen, path + "[]"));
        arrow = ArrowType.List.INSTANCE;
      }
      case MAP -> {
        Field key = new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), List.of());
        Field value = field("value", type.getValueType(), seen, path + "{}");
        children.add(new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(key, value)));
        arrow = new ArrowType.Map(false);
      }
      default -> arrow = primitive(type, path);
    }
    return new Field(name, new FieldType(nullable, arrow, null), children);
  }

  private static ArrowType primitive(Schema type, String path) {
    LogicalType logical = type.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal decimal) {
      if (decimal.getPrecision() > 38) {
        throw new IllegalArgumentException("field " + path + ": a decimal of " + decimal.getPrecision()
            + " digits is wider than Iceberg's 38");
      }
      return new ArrowType.Decimal(decimal.getPrecision(), decimal.getScale(), 128);
    }
    if (logical != null) {
      switch (logical.getName()) {
        case "date":
          return new ArrowType.Date(DateUnit.DAY);
        case "time-millis":
        case "time-micros":
          return new ArrowType.Time(TimeUnit.MICROSECOND, 64);
        case "timestamp-millis":
        case "timestamp-micros":
          return new ArrowType.Timestamp(TimeUnit.MICROSECOND, UTC);
        case "timestamp-nanos":
          return new ArrowType.Timestamp(TimeUnit.NANOSECOND, UTC);
        case "local-timestamp-millis":
        case "local-timestamp-micros":
          return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
        case "local-timestamp-nanos":
          return new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
        case "uuid":
          return ArrowType.Utf8.INSTANCE;
        default:
          break; // an unknown logical type reads as its underlying type, as Avro says
      }
    }
    return switch (type.getType()) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case INT -> new ArrowType.Int(32, true);
      case LONG -> new ArrowType.Int(64, true);
      case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case STRING, ENUM -> ArrowType.Utf8.INSTANCE;
      case BYTES -> ArrowType.Binary.INSTANCE;
      case FIXED -> new ArrowType.FixedSizeBinary(type.getFixedSize());
      case NULL -> ArrowType.Null.INSTANCE;
      default -> throw new IllegalArgumentException("field " + path + ": Avro type " + type.getType()
          + " has no Arrow type");
    };
  }

  /**
   * Whether rows of {@code actual} can be written into vectors of {@code target}: the same types all the way down
   * and the same struct member names; nullability and the names of list and map children may differ (the table's
   * schema makes every column optional).
   */
  static boolean fits(Field actual, Field target) {
    if (!actual.getType().equals(target.getType())
        || actual.getChildren().size() != target.getChildren().size()) {
      return false;
    }
    boolean struct = actual.getType() instanceof ArrowType.Struct;
    for (int i = 0; i < actual.getChildren().size(); i++) {
      Field a = actual.getChildren().get(i);
      Field t = target.getChildren().get(i);
      if ((struct && !a.getName().equals(t.getName())) || !fits(a, t)) {
        return false;
      }
    }
    return true;
  }
}
