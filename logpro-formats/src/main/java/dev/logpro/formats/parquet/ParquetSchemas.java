package dev.logpro.formats.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Maps a Parquet schema to Arrow, the shape the Iceberg sink writes without conversion, as a tree of {@link Node}s
 * that also know their levels. Groups are structs; LIST groups (and bare repeated fields, the legacy form) lists
 * ({@code element}); MAP groups maps ({@code entries} of {@code key}, {@code value}). Annotations: STRING, ENUM and
 * JSON are strings; DECIMAL up to 38 digits a 128-bit decimal; DATE a day; TIME a microsecond time (a nanosecond one
 * for NANOS); TIMESTAMP a timestamp in UTC when isAdjustedToUTC ({@code timestamptz}), without zone otherwise
 * (milliseconds become microseconds); INT96 a UTC timestamp; UUID a string; unsigned ints widen (uint64 stays a long
 * and a value above its range fails the file); other INT widths are ints.
 */
final class ParquetSchemas {
  private ParquetSchemas() {}

  /** The top-level nodes of {@code schema}; each leaf knows its column. */
  static List<Node> nodes(MessageType schema) {
    List<Node> columns = new ArrayList<>();
    for (Type field : schema.getFields()) {
      columns.add(node(field, 0, 0, 0, field.getName()));
    }
    List<Node> leaves = new ArrayList<>();
    for (Node column : columns) {
      column.leaves(leaves);
    }
    if (leaves.size() != schema.getColumns().size()) {
      throw new IllegalArgumentException("the schema has " + schema.getColumns().size() + " columns but "
          + leaves.size() + " leaves map to Arrow");
    }
    for (int i = 0; i < leaves.size(); i++) {
      leaves.get(i).column = schema.getColumns().get(i);
    }
    columns.forEach(ParquetSchemas::assignDrivers);
    return columns;
  }

  private static Node assignDrivers(Node node) {
    Node first = null;
    for (Node child : node.children) {
      Node leaf = assignDrivers(child);
      if (first == null) {
        first = leaf;
      }
    }
    node.driver = node.kind == Node.Kind.LEAF ? node : first;
    return node.driver;
  }

  /** The node of field {@code t} whose parent sits at levels ({@code parentR}, {@code parentD}). */
  private static Node node(Type t, int parentR, int parentD, int slotDef, String path) {
    int r = parentR + (t.isRepetition(Type.Repetition.REPEATED) ? 1 : 0);
    int d = parentD + (t.isRepetition(Type.Repetition.REQUIRED) ? 0 : 1);
    if (t.isRepetition(Type.Repetition.REPEATED)) {
      // A bare repeated field: a list (never null) of its values, one list per parent.
      Node element = value(t, "element", r, d, d, false, path + "[]");
      return list(t.getName(), false, parentR, slotDef, parentD, element);
    }
    return value(t, t.getName(), r, d, slotDef, t.isRepetition(Type.Repetition.OPTIONAL), path);
  }

  /** The node of a value of type {@code t} whose own levels are ({@code r}, {@code d}). */
  private static Node value(Type t, String name, int r, int d, int slotDef, boolean nullable, String path) {
    if (t.isPrimitive()) {
      return leaf(t.asPrimitiveType(), name, nullable, r, slotDef, d, path);
    }
    GroupType group = t.asGroupType();
    LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
    if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && group.getFieldCount() == 1
        && group.getType(0).isRepetition(Type.Repetition.REPEATED)) {
      Type repeated = group.getType(0);
      int er = r + 1;
      int ed = d + 1;
      Node element;
      if (repeated.isPrimitive() || repeated.asGroupType().getFieldCount() > 1 || repeated.getName().equals("array")
          || repeated.getName().equals(group.getName() + "_tuple")) {
        element = value(repeated, "element", er, ed, ed, false, path + "[]"); // two-level: the repeated field is it
      } else {
        Type inner = repeated.asGroupType().getType(0);
        Node innerNode = node(inner, er, ed, ed, path + "[]");
        element = renamed(innerNode, "element");
      }
      return list(name, nullable, r, slotDef, d, element);
    }
    if ((annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
            || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation)
        && group.getFieldCount() == 1 && !group.getType(0).isPrimitive()
        && group.getType(0).asGroupType().getFieldCount() == 2) {
      GroupType entries = group.getType(0).asGroupType();
      int er = r + 1;
      int ed = d + 1;
      Node key = node(entries.getType(0), er, ed, ed, path + ".key");
      if (key.field.isNullable() || key.kind != Node.Kind.LEAF) {
        throw new IllegalArgumentException("column " + path + ": a map key must be a required primitive");
      }
      Node value = renamed(node(entries.getType(1), er, ed, ed, path + ".value"), "value");
      Node entry = struct("entries", false, er, ed, ed, List.of(renamed(key, "key"), value));
      Field field = new Field(name, new FieldType(nullable, new ArrowType.Map(false), null), List.of(entry.field));
      return new Node(Node.Kind.LIST, field, r, slotDef, d, List.of(entry));
    }
    if (group.getFieldCount() == 0) {
      throw new IllegalArgumentException("column " + path + ": an empty group has no Arrow type");
    }
    List<Node> children = new ArrayList<>();
    for (Type child : group.getFields()) {
      children.add(node(child, r, d, slotDef, path + "." + child.getName()));
    }
    return struct(name, nullable, r, slotDef, d, children);
  }

  private static Node struct(String name, boolean nullable, int rep, int slotDef, int validDef, List<Node> children) {
    Field field = new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null),
        children.stream().map(c -> c.field).toList());
    return new Node(Node.Kind.STRUCT, field, rep, slotDef, validDef, children);
  }

  private static Node list(String name, boolean nullable, int rep, int slotDef, int validDef, Node element) {
    Field field = new Field(name, new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(element.field));
    return new Node(Node.Kind.LIST, field, rep, slotDef, validDef, List.of(element));
  }

  private static Node renamed(Node node, String name) {
    Field f = node.field;
    Node copy = new Node(node.kind, new Field(name, f.getFieldType(), f.getChildren()), node.rep, node.slotDef,
        node.validDef, node.children);
    copy.values = node.values;
    return copy;
  }

  private static Node leaf(PrimitiveType type, String name, boolean nullable, int rep, int slotDef, int validDef,
      String path) {
    ArrowType arrow;
    LeafValues values;
    LogicalTypeAnnotation a = type.getLogicalTypeAnnotation();
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN -> {
        arrow = ArrowType.Bool.INSTANCE;
        values = LeafValues.booleans();
      }
      case INT32 -> {
        if (a instanceof DecimalLogicalTypeAnnotation dec) {
          arrow = decimal(dec, path);
          values = LeafValues.decimalFromLong(true);
        } else if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          arrow = new ArrowType.Date(DateUnit.DAY);
          values = LeafValues.dates();
        } else if (a instanceof TimeLogicalTypeAnnotation) {
          arrow = new ArrowType.Time(TimeUnit.MICROSECOND, 64);
          values = LeafValues.timeMicros(true);
        } else if (a instanceof IntLogicalTypeAnnotation i && !i.isSigned() && i.getBitWidth() == 32) {
          arrow = new ArrowType.Int(64, true);
          values = LeafValues.unsignedInts();
        } else {
          arrow = new ArrowType.Int(32, true);
          values = LeafValues.ints();
        }
      }
      case INT64 -> {
        if (a instanceof DecimalLogicalTypeAnnotation dec) {
          arrow = decimal(dec, path);
          values = LeafValues.decimalFromLong(false);
        } else if (a instanceof TimestampLogicalTypeAnnotation ts) {
          String zone = ts.isAdjustedToUTC() ? "UTC" : null;
          switch (ts.getUnit()) {
            case MILLIS -> {
              arrow = new ArrowType.Timestamp(TimeUnit.MICROSECOND, zone);
              values = LeafValues.timestamps(1000);
            }
            case MICROS -> {
              arrow = new ArrowType.Timestamp(TimeUnit.MICROSECOND, zone);
              values = LeafValues.timestamps(1);
            }
            default -> {
              arrow = new ArrowType.Timestamp(TimeUnit.NANOSECOND, zone);
              values = LeafValues.timestamps(1);
            }
          }
        } else if (a instanceof TimeLogicalTypeAnnotation time) {
          boolean nanos = time.getUnit() == LogicalTypeAnnotation.TimeUnit.NANOS;
          arrow = new ArrowType.Time(nanos ? TimeUnit.NANOSECOND : TimeUnit.MICROSECOND, 64);
          values = nanos ? LeafValues.timeNanos() : LeafValues.timeMicros(false);
        } else {
          arrow = new ArrowType.Int(64, true);
          values = LeafValues.longs(a instanceof IntLogicalTypeAnnotation i && !i.isSigned());
        }
      }
      case INT96 -> {
        arrow = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
        values = LeafValues.int96();
      }
      case FLOAT -> {
        arrow = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
        values = LeafValues.floats();
      }
      case DOUBLE -> {
        arrow = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        values = LeafValues.doubles();
      }
      case BINARY, FIXED_LEN_BYTE_ARRAY -> {
        boolean fixed = type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
        if (a instanceof DecimalLogicalTypeAnnotation dec) {
          arrow = decimal(dec, path);
          values = LeafValues.decimalFromBytes();
        } else if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          arrow = ArrowType.Utf8.INSTANCE;
          values = LeafValues.bytes();
        } else if (a instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
          arrow = ArrowType.Utf8.INSTANCE;
          values = LeafValues.uuids();
        } else if (fixed) {
          arrow = new ArrowType.FixedSizeBinary(type.getTypeLength());
          values = LeafValues.fixed();
        } else {
          arrow = ArrowType.Binary.INSTANCE;
          values = LeafValues.bytes();
        }
      }
      default -> throw new IllegalArgumentException("column " + path + ": Parquet type " + type + " has no Arrow type");
    }
    Node node = new Node(Node.Kind.LEAF, new Field(name, new FieldType(nullable, arrow, null), List.of()), rep,
        slotDef, validDef, List.of());
    node.values = values;
    return node;
  }

  private static ArrowType decimal(DecimalLogicalTypeAnnotation dec, String path) {
    if (dec.getPrecision() > 38) {
      throw new IllegalArgumentException("column " + path + ": a decimal of " + dec.getPrecision()
          + " digits is wider than Iceberg's 38");
    }
    return new ArrowType.Decimal(dec.getPrecision(), dec.getScale(), 128);
  }
}
