package dev.logpro.formats.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Maps a protobuf message type to Arrow, the shape the Iceberg sink writes without conversion: a field is a column in
 * declaration order; a nested message a struct; a repeated field a list ({@code element}); a map field a map
 * ({@code entries} of {@code key}, {@code value}); {@code google.protobuf.Timestamp} a UTC microsecond timestamp
 * ({@code timestamptz}); an enum its value's name; bytes binary; int32, sint32 and sfixed32 ints; uint32 and fixed32
 * longs; 64-bit integers longs (a uint64 above the long range makes its message a dead letter). A field with
 * presence (proto2 optional, proto3 {@code optional}, a message, a oneof member) is null when absent; a proto3 scalar
 * without it holds its default, as protobuf reads it.
 */
final class ProtobufSchemas {
  static final String TIMESTAMP = "google.protobuf.Timestamp";

  private ProtobufSchemas() {}

  static List<Field> fields(Descriptor message) {
    Set<String> seen = new HashSet<>();
    seen.add(message.getFullName());
    List<Field> fields = new ArrayList<>();
    for (FieldDescriptor f : message.getFields()) {
      fields.add(field(f, seen, f.getName()));
    }
    return fields;
  }

  static boolean nullable(FieldDescriptor f) {
    return !f.isRepeated() && f.hasPresence();
  }

  private static Field field(FieldDescriptor f, Set<String> seen, String path) {
    if (f.isMapField()) {
      Descriptor entry = f.getMessageType();
      Field key = value("key", entry.findFieldByNumber(1), false, seen, path + ".key");
      Field value = value("value", entry.findFieldByNumber(2), true, seen, path + ".value");
      Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(key, value));
      return new Field(f.getName(), FieldType.notNullable(new ArrowType.Map(false)), List.of(entries));
    }
    if (f.isRepeated()) {
      Field element = value("element", f, false, seen, path + "[]");
      return new Field(f.getName(), FieldType.notNullable(ArrowType.List.INSTANCE), List.of(element));
    }
    return value(f.getName(), f, nullable(f), seen, path);
  }

  /** The Arrow field of one value of {@code f} (for a repeated field, one element). */
  private static Field value(String name, FieldDescriptor f, boolean nullable, Set<String> seen, String path) {
    ArrowType type = switch (f.getJavaType()) {
      case INT -> switch (f.getType()) {
        case UINT32, FIXED32 -> new ArrowType.Int(64, true);
        default -> new ArrowType.Int(32, true);
      };
      case LONG -> new ArrowType.Int(64, true);
      case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case STRING, ENUM -> ArrowType.Utf8.INSTANCE;
      case BYTE_STRING -> ArrowType.Binary.INSTANCE;
      case MESSAGE -> null;
    };
    if (type != null) {
      return new Field(name, new FieldType(nullable, type, null), List.of());
    }
    Descriptor message = f.getMessageType();
    if (message.getFullName().equals(TIMESTAMP)) {
      return new Field(name, new FieldType(nullable, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), null),
          List.of());
    }
    if (!seen.add(message.getFullName())) {
      throw new IllegalArgumentException("field " + path + ": the recursive message " + message.getFullName()
          + " has no Arrow type");
    }
    List<Field> children = new ArrayList<>();
    for (FieldDescriptor child : message.getFields()) {
      children.add(field(child, seen, path + "." + child.getName()));
    }
    seen.remove(message.getFullName());
    if (children.isEmpty()) {
      throw new IllegalArgumentException("field " + path + ": the message " + message.getFullName()
          + " has no fields, and an empty struct has no Iceberg type");
    }
    return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), children);
  }
}
