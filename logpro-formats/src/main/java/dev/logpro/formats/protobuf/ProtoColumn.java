package dev.logpro.formats.protobuf;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Reads the values of one protobuf field from the wire and writes them straight into one Arrow vector. A field seen
 * twice keeps its last value (as protobuf does for scalars); a field not seen in a message is {@link #absent}: its
 * default, null, or an empty list.
 */
abstract class ProtoColumn {
  private static final byte[] EMPTY = new byte[0];

  /** Reads one occurrence of the field, whose tag had wire type {@code wireType}, into position {@code index}. */
  abstract void read(ProtoInput in, int wireType, int index);

  /** The field did not occur in the message at {@code index}. */
  abstract void absent(int index);

  /** The wire type of each value of this scalar column inside a packed run. */
  int packedWireType() {
    return ProtoInput.VARINT;
  }

  /** Called before a message's fields are read: lists note where their elements start. */
  void begin(int index) {}

  /** Called after a message's fields were read: lists close their element run. */
  void end(int index) {}

  static ProtoColumn of(FieldDescriptor field, FieldVector vector) {
    if (field.isRepeated()) {
      ListVector list = (ListVector) vector;
      ProtoColumn element = field.isMapField()
          ? new Message(MessageReader.of(field.getMessageType(), (StructVector) list.getDataVector()),
              (StructVector) list.getDataVector(), false)
          : single(field, list.getDataVector(), false);
      return new Repeated(list, element, isPackable(field));
    }
    return single(field, vector, ProtobufSchemas.nullable(field));
  }

  private static boolean isPackable(FieldDescriptor field) {
    return switch (field.getJavaType()) {
      case STRING, BYTE_STRING, MESSAGE -> false;
      default -> true;
    };
  }

  /** The column of one value of {@code field}; {@code nullable}: absent is null rather than the default. */
  private static ProtoColumn single(FieldDescriptor field, FieldVector vector, boolean nullable) {
    return switch (field.getType()) {
      case INT32 -> new Int32((IntVector) vector, nullable, Decode.INT32);
      case SINT32 -> new Int32((IntVector) vector, nullable, Decode.SINT32);
      case SFIXED32 -> new Int32((IntVector) vector, nullable, Decode.FIXED32);
      case UINT32 -> new Int64((BigIntVector) vector, nullable, Decode.UINT32);
      case FIXED32 -> new Int64((BigIntVector) vector, nullable, Decode.UFIXED32);
      case INT64 -> new Int64((BigIntVector) vector, nullable, Decode.INT64);
      case SINT64 -> new Int64((BigIntVector) vector, nullable, Decode.SINT64);
      case SFIXED64 -> new Int64((BigIntVector) vector, nullable, Decode.FIXED64);
      case UINT64 -> new Int64((BigIntVector) vector, nullable, Decode.UINT64);
      case FIXED64 -> new Int64((BigIntVector) vector, nullable, Decode.UFIXED64);
      case BOOL -> new Bool((BitVector) vector, nullable);
      case FLOAT -> new Float((Float4Vector) vector, nullable);
      case DOUBLE -> new Double((Float8Vector) vector, nullable);
      case STRING -> new Bytes((BaseVariableWidthVector) vector, nullable, true);
      case BYTES -> new Bytes((BaseVariableWidthVector) vector, nullable, false);
      case ENUM -> new Enum((BaseVariableWidthVector) vector, nullable, field.getEnumType().getValues());
      case MESSAGE, GROUP -> field.getMessageType().getFullName().equals(ProtobufSchemas.TIMESTAMP)
          ? new Timestamp((TimeStampMicroTZVector) vector, nullable)
          : new Message(MessageReader.of(field.getMessageType(), (StructVector) vector), (StructVector) vector,
              nullable);
    };
  }

  static void expect(int wireType, int expected) {
    if (wireType != expected) {
      throw new MalformedProtobufException("wire type " + wireType + " where the field's type needs " + expected);
    }
  }

  static void nullBytes(BaseVariableWidthVector vector, int index) {
    vector.setSafe(index, EMPTY, 0, 0); // keeps the offsets right when a rejected message's row is written over
    vector.setNull(index);
  }

  /** How an integer field's value is encoded. */
  enum Decode {
    INT32(ProtoInput.VARINT), SINT32(ProtoInput.VARINT), FIXED32(ProtoInput.FIXED32), UINT32(ProtoInput.VARINT),
    UFIXED32(ProtoInput.FIXED32), INT64(ProtoInput.VARINT), SINT64(ProtoInput.VARINT), FIXED64(ProtoInput.FIXED64),
    UINT64(ProtoInput.VARINT), UFIXED64(ProtoInput.FIXED64);

    final int wireType;

    Decode(int wireType) {
      this.wireType = wireType;
    }

    long read(ProtoInput in, int wire) {
      expect(wire, wireType);
      return switch (this) {
        case INT32 -> (int) in.readVarint();
        case SINT32 -> (int) in.readZigZag();
        case FIXED32 -> in.readFixed32();
        case UINT32 -> in.readVarint() & 0xFFFFFFFFL;
        case UFIXED32 -> in.readFixed32() & 0xFFFFFFFFL;
        case INT64 -> in.readVarint();
        case SINT64 -> in.readZigZag();
        case FIXED64 -> in.readFixed64();
        case UINT64, UFIXED64 -> {
          long value = this == UINT64 ? in.readVarint() : in.readFixed64();
          if (value < 0) {
            throw new MalformedProtobufException("a uint64 value is above the long range: "
                + Long.toUnsignedString(value));
          }
          yield value;
        }
      };
    }
  }

  private static final class Int32 extends ProtoColumn {
    private final IntVector vector;
    private final boolean nullable;
    private final Decode decode;

    Int32(IntVector vector, boolean nullable, Decode decode) {
      this.vector = vector;
      this.nullable = nullable;
      this.decode = decode;
    }

    @Override
    int packedWireType() {
      return decode.wireType;
    }

    @Override
    void read(ProtoInput in, int wireType, int index) {
      vector.setSafe(index, (int) decode.read(in, wireType));
    }

    @Override
    void absent(int index) {
      if (nullable) {
        vector.setNull(index);
      } else {
        vector.setSafe(index, 0);
      }
    }
  }

  private static final class Int64 extends ProtoColumn {
    private final BigIntVector vector;
    private final boolean nullable;
    private final Decode decode;

    Int64(BigIntVector vector, boolean nullable, Decode decode) {
      this.vector = vector;
      this.nullable = nullable;
      this.decode = decode;
    }

    @Override
    int packedWireType() {
      return decode.wireType;
    }

    @Override
    void read(ProtoInput in, int wireType, int index) {
      vector.setSafe(index, decode.read(in, wireType));
    }

    @Override
    void absent(int index) {
      if (nullable) {
        vector.setNull(index);
      } else {
        vector.setSafe(index, 0L);
      }
    }
  }

  private static final class Bool extends ProtoColumn {
    private final BitVector vector;
    private final boolean nullable;

    Bool(BitVector vector, boolean nullable) {
      this.vector = vector;
      this.nullable = nullable;
    }

    @Override
    void read(ProtoInput in, int wireType, int index) {
      expect(wireType, ProtoInput.VARINT);
      vector.setSafe(index, in.readVarint() != 0 ? 1 : 0);
    }

    @Override
    void absent(int index) {
      if (nullable) {
        vector.setNull(index);
      } else {
        vector.setSafe(index, 0);
      }
    }
  }

  private static final class Float extends ProtoColumn {
    private final Float4Vector vector;
    private final boolean nullable;

    Float(Float4Vector vector, boolean nullable) {
      this.vector = vector;
      this.nullable = nullable;
    }

    @Override
    int packedWireType() {
      return ProtoInput.FIXED32;
    }

    @Override
    void read(ProtoInput in, int wireType, int index) {
      expect(wireType, ProtoInput.FIXED32);
      vector.setSafe(index, java.lang.Float.intBitsToFloat(in.readFixed32()));
    }

    @Override
    void absent(int index) {
      if (nullable) {
        vector.setNull(index);
      } else {
        vector.setSafe(index, 0f);
      }
    }
  }

  private static final class Double extends ProtoColumn {
    private final Float8Vector vector;
    private final boolean nullable;

    Double(Float8Vector vector, boolean nullable) {
      this.vector = vector;
      this.nullable = nullable;
    }

    @Override
    int packedWireType() {
      return ProtoInput.FIXED64;
    }

    @Override
    void read(ProtoInput in, int wireType, int index) {
      expect(wireType, ProtoInput.FIXED64);
      vector.setSafe(index, java.lang.Double.longBitsToDouble(in.readFixed64()));
    }

    @Override
    void absent(int index) {
      if (nullable) {
        vector.setNull(index);
      } else {
        vector.setSafe(index, 0d);
      }
    }
  }

  /** Strings (checked to be UTF-8, as protobuf requires) and bytes, copied once into the vector. */
  private static final class Bytes extends ProtoColumn {
    private final BaseVariableWidthVector vector;
    private final boolean nullable;
    private final boolean utf8;

    Bytes(BaseVariableWidthVector vector, boolean nullable, boolean utf8) {
      this.vector = vector;
      this.nullable = nullable;
      this.utf8 = utf8;
    }

    @Override
    void read(ProtoInput in, int wireType, int index) {
      expect(wireType, ProtoInput.LENGTH_DELIMITED);
      int length = in.readLength();
      if (utf8 && !Utf8Check.isValid(in.buf, in.pos, in.pos + length)) {
        throw new MalformedProtobufException("a string field is not valid UTF-8");
      }
      vector.setSafe(index, in.buf, in.pos, length);
      in.pos += length;
    }

    @Override
    void absent(int index) {
      if (nullable) {
        nullBytes(vector, index);
      } else {
        vector.setSafe(index, EMPTY, 0, 0);
      }
    }
  }

  /** An enum as its value's name; a number the schema does not know as the number. */
  private static final class Enum extends ProtoColumn {
    private final BaseVariableWidthVector vector;
    private final boolean nullable;
    private final Map<Integer, byte[]> names = new HashMap<>();
    private final byte[] defaultName;

    Enum(BaseVariableWidthVector vector, boolean nullable, List<EnumValueDescriptor> values) {
      this.vector = vector;
      this.nullable = nullable;
      for (EnumValueDescriptor value : values) {
        names.putIfAbsent(value.getNumber(), value.getName().getBytes(StandardCharsets.UTF_8));
      }
      this.defaultName = values.get(0).getName().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    void read(ProtoInput in, int wireType, int index) {
      expect(wireType, ProtoInput.VARINT);
      int number = (int) in.readVarint();
      byte[] name = names.get(number);
      vector.setSafe(index, name != null ? name : Integer.toString(number).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    void absent(int index) {
      if (nullable) {
        nullBytes(vector, index);
      } else {
        vector.setSafe(index, defaultName);
      }
    }
  }

  /** {@code google.protobuf.Timestamp} (seconds and nanos) as UTC microseconds. */
  private static final class Timestamp extends ProtoColumn {
    private final TimeStampMicroTZVector vector;
    private final boolean nullable;

    Timestamp(TimeStampMicroTZVector vector, boolean nullable) {
      this.vector = vector;
      this.nullable = nullable;
    }

    @Override
    void read(ProtoInput in, int wireType, int index) {
      expect(wireType, ProtoInput.LENGTH_DELIMITED);
      int length = in.readLength();
      ProtoInput inner = new ProtoInput(in.buf, in.pos, in.pos + length);
      long seconds = 0;
      long nanos = 0;
      for (int tag = inner.readTag(); tag != 0; tag = inner.readTag()) {
        if (tag == (1 << 3 | ProtoInput.VARINT)) {
          seconds = inner.readVarint();
        } else if (tag == (2 << 3 | ProtoInput.VARINT)) {
          nanos = (int) inner.readVarint();
        } else {
          inner.skip(tag);
        }
      }
      if (nanos < 0 || nanos > 999_999_999) {
        throw new MalformedProtobufException("a Timestamp's nanos are out of range: " + nanos);
      }
      try {
        vector.setSafe(index, Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1000));
      } catch (ArithmeticException e) {
        throw new MalformedProtobufException("a Timestamp is out of range: " + seconds + " s");
      }
      in.pos += length;
    }

    @Override
    void absent(int index) {
      if (nullable) {
        vector.setNull(index);
      } else {
        vector.setSafe(index, 0L);
      }
    }
  }

  /** A nested message (or a map entry) as a struct. */
  private static final class Message extends ProtoColumn {
    private final MessageReader reader;
    private final StructVector vector;
    private final boolean nullable;

    Message(MessageReader reader, StructVector vector, boolean nullable) {
      this.reader = reader;
      this.vector = vector;
      this.nullable = nullable;
    }

    @Override
    void read(ProtoInput in, int wireType, int index) {
      expect(wireType, ProtoInput.LENGTH_DELIMITED);
      int length = in.readLength();
      int end = in.end;
      in.end = in.pos + length;
      reader.read(in, index);
      in.end = end;
      vector.setIndexDefined(index);
    }

    @Override
    void absent(int index) {
      reader.absent(index);
      if (nullable) {
        vector.setNull(index);
      } else {
        vector.setIndexDefined(index);
      }
    }
  }

  /** A repeated field (or a map) as a list: elements may come one by one or, for scalars, packed in runs. */
  private static final class Repeated extends ProtoColumn {
    private final ListVector vector;
    private final ProtoColumn element;
    private final boolean packable;
    private int start;
    private int count;

    Repeated(ListVector vector, ProtoColumn element, boolean packable) {
      this.vector = vector;
      this.element = element;
      this.packable = packable;
    }

    @Override
    void begin(int index) {
      start = vector.startNewValue(index);
      count = 0;
    }

    @Override
    void read(ProtoInput in, int wireType, int index) {
      if (packable && wireType == ProtoInput.LENGTH_DELIMITED) {
        int length = in.readLength();
        int end = in.end;
        in.end = in.pos + length;
        int elementWire = element.packedWireType();
        while (in.pos < in.end) {
          element.read(in, elementWire, start + count++);
        }
        in.end = end;
        return;
      }
      element.read(in, wireType, start + count++);
    }

    @Override
    void end(int index) {
      vector.endValue(index, count);
    }

    @Override
    void absent(int index) {}
  }
}
