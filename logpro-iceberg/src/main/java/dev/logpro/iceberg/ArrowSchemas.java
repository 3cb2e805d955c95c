package dev.logpro.iceberg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Converts schemas between Iceberg and Arrow, both ways. */
final class ArrowSchemas {

  private static final String UTC = "UTC";

  private ArrowSchemas() {}

  /** The Arrow form of an Iceberg schema: the shape the sink writes without conversion. */
  static org.apache.arrow.vector.types.pojo.Schema toArrow(Schema schema) {
    List<Field> fields = new ArrayList<>();
    for (Types.NestedField f : schema.columns()) {
      fields.add(toArrow(f));
    }
    return new org.apache.arrow.vector.types.pojo.Schema(fields);
  }

  static Field toArrow(Types.NestedField field) {
    return toArrow(field.name(), field.isOptional(), field.type());
  }

  private static Field toArrow(String name, boolean nullable, Type type) {
    List<Field> children = new ArrayList<>();
    ArrowType arrowType;
    switch (type.typeId()) {
      case BOOLEAN -> arrowType = ArrowType.Bool.INSTANCE;
      case INTEGER -> arrowType = new ArrowType.Int(32, true);
      case LONG -> arrowType = new ArrowType.Int(64, true);
      case FLOAT -> arrowType = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE -> arrowType = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DATE -> arrowType = new ArrowType.Date(DateUnit.DAY);
      case TIME -> arrowType = new ArrowType.Time(TimeUnit.MICROSECOND, 64);
      case TIMESTAMP -> arrowType = new ArrowType.Timestamp(
          TimeUnit.MICROSECOND, ((Types.TimestampType) type).shouldAdjustToUTC() ? UTC : null);
      case STRING -> arrowType = ArrowType.Utf8.INSTANCE;
      case BINARY -> arrowType = ArrowType.Binary.INSTANCE;
      case UUID -> arrowType = new ArrowType.FixedSizeBinary(16);
      case FIXED -> arrowType = new ArrowType.FixedSizeBinary(((Types.FixedType) type).length());
      case DECIMAL -> {
        Types.DecimalType d = (Types.DecimalType) type;
        arrowType = new ArrowType.Decimal(d.precision(), d.scale(), 128);
      }
      case STRUCT -> {
        arrowType = ArrowType.Struct.INSTANCE;
        for (Types.NestedField f : type.asStructType().fields()) {
          children.add(toArrow(f));
        }
      }
      case LIST -> {
        Types.ListType list = type.asListType();
        arrowType = ArrowType.List.INSTANCE;
        children.add(toArrow("element", list.isElementOptional(), list.elementType()));
      }
      case MAP -> {
        Types.MapType map = type.asMapType();
        arrowType = new ArrowType.Map(false);
        Field key = toArrow("key", false, map.keyType());
        Field value = toArrow("value", map.isValueOptional(), map.valueType());
        children.add(new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(key, value)));
      }
      default -> throw new IllegalArgumentException(
          "Cannot convert column " + name + " to Arrow: unsupported Iceberg type " + type);
    }
    return new Field(name, new FieldType(nullable, arrowType, null), children);
  }

  /**
   * The Iceberg form of an Arrow schema, for creating a table: every field optional except map keys; ids are
   * placeholders that the catalog reassigns.
   */
  static Schema toIceberg(org.apache.arrow.vector.types.pojo.Schema schema) {
    AtomicInteger ids = new AtomicInteger();
    List<Types.NestedField> fields = new ArrayList<>();
    for (Field f : schema.getFields()) {
      fields.add(Types.NestedField.optional(ids.incrementAndGet(), f.getName(), toIceberg(f, ids)));
    }
    return new Schema(fields);
  }

  private static Type toIceberg(Field field, AtomicInteger ids) {
    ArrowType type = field.getType();
    switch (type.getTypeID()) {
      case Bool:
        return Types.BooleanType.get();
      case Int: {
        ArrowType.Int i = (ArrowType.Int) type;
        boolean fitsInt = i.getBitWidth() < 32 || (i.getBitWidth() == 32 && i.getIsSigned());
        return fitsInt ? Types.IntegerType.get() : Types.LongType.get();
      }
      case FloatingPoint:
        return ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE
            ? Types.DoubleType.get()
            : Types.FloatType.get();
      case Utf8:
      case LargeUtf8:
      case Null:
        return Types.StringType.get();
      case Binary:
      case LargeBinary:
        return Types.BinaryType.get();
      case FixedSizeBinary:
        return Types.FixedType.ofLength(((ArrowType.FixedSizeBinary) type).getByteWidth());
      case Date:
        return Types.DateType.get();
      case Time:
        return Types.TimeType.get();
      case Timestamp:
        return ((ArrowType.Timestamp) type).getTimezone() == null
            ? Types.TimestampType.withoutZone()
            : Types.TimestampType.withZone();
      case Decimal: {
        ArrowType.Decimal d = (ArrowType.Decimal) type;
        return Types.DecimalType.of(d.getPrecision(), d.getScale());
      }
      case Struct: {
        List<Types.NestedField> fields = new ArrayList<>();
        for (Field child : field.getChildren()) {
          fields.add(Types.NestedField.optional(ids.incrementAndGet(), child.getName(), toIceberg(child, ids)));
        }
        return Types.StructType.of(fields);
      }
      case List: {
        Field element = field.getChildren().get(0);
        return Types.ListType.ofOptional(ids.incrementAndGet(), toIceberg(element, ids));
      }
      case Map: {
        Field entries = field.getChildren().get(0);
        int keyId = ids.incrementAndGet();
        int valueId = ids.incrementAndGet();
        Type key = toIceberg(entries.getChildren().get(0), ids);
        Type value = toIceberg(entries.getChildren().get(1), ids);
        return Types.MapType.ofOptional(keyId, valueId, key, value);
      }
      default:
        throw new IllegalArgumentException(
            "Cannot create table column " + field.getName() + ": unsupported Arrow type " + type);
    }
  }
}
