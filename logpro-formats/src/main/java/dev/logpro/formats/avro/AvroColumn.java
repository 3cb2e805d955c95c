package dev.logpro.formats.avro;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Reads one Avro value from the binary encoding and writes it straight into one Arrow vector, with no object per
 * record in between. Built from the writer's schema and a vector of the type {@link AvroSchemas} maps it to; nested
 * types hold their children's columns. Values are written in row order, so after a damaged block the rows it began
 * are simply written over.
 */
abstract class AvroColumn {
  private static final byte[] EMPTY = new byte[0];

  /** Reads the next value of {@code in} into position {@code index}. */
  abstract void read(AvroInput in, int index);

  /** Makes position {@code index} null. */
  abstract void writeNull(int index);

  /** The column reading values of {@code schema} into {@code vector}. */
  static AvroColumn of(Schema schema, FieldVector vector) {
    Schema inner = AvroSchemas.nullableBranch(schema);
    if (inner != null) {
      int nullBranch = schema.getTypes().get(0).getType() == Schema.Type.NULL ? 0 : 1;
      return new Nullable(nullBranch, of(inner, vector));
    }
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal) {
      return new DecimalColumn((DecimalVector) vector, schema.getType() == Schema.Type.FIXED ? schema.getFixedSize() : -1);
    }
    String name = logical == null ? "" : logical.getName();
    return switch (schema.getType()) {
      case RECORD -> {
        StructVector struct = (StructVector) vector;
        List<Schema.Field> fields = schema.getFields();
        AvroColumn[] children = new AvroColumn[fields.size()];
        for (int i = 0; i < children.length; i++) {
          children[i] = of(fields.get(i).schema(), (FieldVector) struct.getChildByOrdinal(i));
        }
        yield new StructColumn(struct, children);
      }
      case ARRAY -> {
        ListVector list = (ListVector) vector;
        yield new ListColumn(list, of(schema.getElementType(), list.getDataVector()));
      }
      case MAP -> {
        MapVector map = (MapVector) vector;
        StructVector entries = (StructVector) map.getDataVector();
        yield new MapColumn(map, entries, new Bytes((BaseVariableWidthVector) entries.getChildByOrdinal(0)),
            of(schema.getValueType(), (FieldVector) entries.getChildByOrdinal(1)));
      }
      case INT -> switch (name) {
        case "date" -> new DateColumn((DateDayVector) vector);
        case "time-millis" -> new TimeMillis((TimeMicroVector) vector);
        default -> new IntColumn((IntVector) vector);
      };
      case LONG -> switch (name) {
        case "time-micros" -> new TimeMicros((TimeMicroVector) vector);
        case "timestamp-millis", "local-timestamp-millis" -> new Timestamp((TimeStampVector) vector, 1000);
        case "timestamp-micros", "local-timestamp-micros", "timestamp-nanos", "local-timestamp-nanos" ->
            new Timestamp((TimeStampVector) vector, 1);
        default -> new LongColumn((BigIntVector) vector);
      };
      case BOOLEAN -> new BooleanColumn((BitVector) vector);
      case FLOAT -> new FloatColumn((Float4Vector) vector);
      case DOUBLE -> new DoubleColumn((Float8Vector) vector);
      case STRING, BYTES -> new Bytes((BaseVariableWidthVector) vector);
      case ENUM -> new EnumColumn((BaseVariableWidthVector) vector, schema.getEnumSymbols());
      case FIXED -> new Fixed((FixedSizeBinaryVector) vector, schema.getFixedSize());
      case NULL -> new NullColumn((NullVector) vector);
      default -> throw new IllegalArgumentException("Cannot read Avro type " + schema.getType());
    };
  }

  /** A union of null and one type: the branch index says which. */
  private static final class Nullable extends AvroColumn {
    private final int nullBranch;
    private final AvroColumn value;

    Nullable(int nullBranch, AvroColumn value) {
      this.nullBranch = nullBranch;
      this.value = value;
    }

    @Override
    void read(AvroInput in, int index) {
      long branch = in.readLong();
      if (branch == nullBranch) {
        value.writeNull(index);
      } else if (branch == 1 - nullBranch) {
        value.read(in, index);
      } else {
        throw new MalformedAvroException("a union branch index is " + branch + " in a union of two");
      }
    }

    @Override
    void writeNull(int index) {
      value.writeNull(index);
    }
  }

  private static final class StructColumn extends AvroColumn {
    private final StructVector vector;
    private final AvroColumn[] children;

    StructColumn(StructVector vector, AvroColumn[] children) {
      this.vector = vector;
      this.children = children;
    }

    @Override
    void read(AvroInput in, int index) {
      for (AvroColumn child : children) {
        child.read(in, index);
      }
      vector.setIndexDefined(index);
    }

    @Override
    void writeNull(int index) {
      for (AvroColumn child : children) {
        child.writeNull(index);
      }
      vector.setNull(index);
    }
  }

  private static final class ListColumn extends AvroColumn {
    private final ListVector vector;
    private final AvroColumn element;

    ListColumn(ListVector vector, AvroColumn element) {
      this.vector = vector;
      this.element = element;
    }

    @Override
    void read(AvroInput in, int index) {
      int start = vector.startNewValue(index);
      int n = 0;
      for (long count = in.readBlockCount(); count != 0; count = in.readBlockCount()) {
        for (long i = 0; i < count; i++) {
          element.read(in, start + n++);
        }
      }
      vector.endValue(index, n);
    }

    @Override
    void writeNull(int index) {
      vector.startNewValue(index);
      vector.endValue(index, 0);
      vector.setNull(index);
    }
  }

  private static final class MapColumn extends AvroColumn {
    private final MapVector vector;
    private final StructVector entries;
    private final Bytes key;
    private final AvroColumn value;

    MapColumn(MapVector vector, StructVector entries, Bytes key, AvroColumn value) {
      this.vector = vector;
      this.entries = entries;
      this.key = key;
      this.value = value;
    }

    @Override
    void read(AvroInput in, int index) {
      int start = vector.startNewValue(index);
      int n = 0;
      for (long count = in.readBlockCount(); count != 0; count = in.readBlockCount()) {
        for (long i = 0; i < count; i++) {
          int entry = start + n++;
          key.read(in, entry);
          value.read(in, entry);
          entries.setIndexDefined(entry);
        }
      }
      vector.endValue(index, n);
    }

    @Override
    void writeNull(int index) {
      vector.startNewValue(index);
      vector.endValue(index, 0);
      vector.setNull(index);
    }
  }

  /** Strings and bytes: a length, then the bytes, copied once into the vector. */
  private static final class Bytes extends AvroColumn {
    private final BaseVariableWidthVector vector;

    Bytes(BaseVariableWidthVector vector) {
      this.vector = vector;
    }

    @Override
    void read(AvroInput in, int index) {
      int length = in.readLength();
      vector.setSafe(index, in.buf, in.pos, length);
      in.pos += length;
    }

    @Override
    void writeNull(int index) {
      vector.setSafe(index, EMPTY, 0, 0); // keeps the offsets right when a rolled-back row is written over
      vector.setNull(index);
    }
  }

  private static final class EnumColumn extends AvroColumn {
    private final BaseVariableWidthVector vector;
    private final byte[][] symbols;

    EnumColumn(BaseVariableWidthVector vector, List<String> symbols) {
      this.vector = vector;
      this.symbols = new byte[symbols.size()][];
      for (int i = 0; i < symbols.size(); i++) {
        this.symbols[i] = symbols.get(i).getBytes(StandardCharsets.UTF_8);
      }
    }

    @Override
    void read(AvroInput in, int index) {
      long symbol = in.readLong();
      if (symbol < 0 || symbol >= symbols.length) {
        throw new MalformedAvroException("an enum index is " + symbol + " of " + symbols.length + " symbols");
      }
      vector.setSafe(index, symbols[(int) symbol]);
    }

    @Override
    void writeNull(int index) {
      vector.setSafe(index, EMPTY, 0, 0);
      vector.setNull(index);
    }
  }

  private static final class Fixed extends AvroColumn {
    private final FixedSizeBinaryVector vector;
    private final byte[] scratch;

    Fixed(FixedSizeBinaryVector vector, int size) {
      this.vector = vector;
      this.scratch = new byte[size];
    }

    @Override
    void read(AvroInput in, int index) {
      in.need(scratch.length);
      System.arraycopy(in.buf, in.pos, scratch, 0, scratch.length);
      in.pos += scratch.length;
      vector.setSafe(index, scratch);
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }
  }

  /** Big-endian two's-complement unscaled values, from bytes (length-prefixed) or a fixed. */
  private static final class DecimalColumn extends AvroColumn {
    private final DecimalVector vector;
    private final int fixedSize;
    private final byte[][] scratch = new byte[17][];

    DecimalColumn(DecimalVector vector, int fixedSize) {
      this.vector = vector;
      this.fixedSize = fixedSize;
    }

    @Override
    void read(AvroInput in, int index) {
      int length = fixedSize >= 0 ? fixedSize : in.readLength();
      in.need(length);
      if (length > 16 || length == 0) {
        throw new MalformedAvroException("a decimal of " + length + " bytes does not fit 128 bits");
      }
      byte[] bytes = scratch[length] == null ? scratch[length] = new byte[length] : scratch[length];
      System.arraycopy(in.buf, in.pos, bytes, 0, length);
      in.pos += length;
      vector.setBigEndianSafe(index, bytes);
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }
  }

  private static final class IntColumn extends AvroColumn {
    private final IntVector vector;

    IntColumn(IntVector vector) {
      this.vector = vector;
    }

    @Override
    void read(AvroInput in, int index) {
      vector.setSafe(index, in.readInt());
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }
  }

  private static final class DateColumn extends AvroColumn {
    private final DateDayVector vector;

    DateColumn(DateDayVector vector) {
      this.vector = vector;
    }

    @Override
    void read(AvroInput in, int index) {
      vector.setSafe(index, in.readInt());
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }
  }

  private static final class TimeMillis extends AvroColumn {
    private final TimeMicroVector vector;

    TimeMillis(TimeMicroVector vector) {
      this.vector = vector;
    }

    @Override
    void read(AvroInput in, int index) {
      vector.setSafe(index, in.readInt() * 1000L);
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }
  }

  private static final class TimeMicros extends AvroColumn {
    private final TimeMicroVector vector;

    TimeMicros(TimeMicroVector vector) {
      this.vector = vector;
    }

    @Override
    void read(AvroInput in, int index) {
      vector.setSafe(index, in.readLong());
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }
  }

  /** A timestamp in the vector's unit: {@code factor} converts milliseconds to microseconds. */
  private static final class Timestamp extends AvroColumn {
    private final TimeStampVector vector;
    private final long factor;

    Timestamp(TimeStampVector vector, long factor) {
      this.vector = vector;
      this.factor = factor;
    }

    @Override
    void read(AvroInput in, int index) {
      long value = in.readLong();
      if (factor != 1) {
        value = Math.multiplyExact(value, factor);
      }
      vector.setSafe(index, value);
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }
  }

  private static final class LongColumn extends AvroColumn {
    private final BigIntVector vector;

    LongColumn(BigIntVector vector) {
      this.vector = vector;
    }

    @Override
    void read(AvroInput in, int index) {
      vector.setSafe(index, in.readLong());
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }
  }

  private static final class BooleanColumn extends AvroColumn {
    private final BitVector vector;

    BooleanColumn(BitVector vector) {
      this.vector = vector;
    }

    @Override
    void read(AvroInput in, int index) {
      vector.setSafe(index, in.readBoolean() ? 1 : 0);
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }
  }

  private static final class FloatColumn extends AvroColumn {
    private final Float4Vector vector;

    FloatColumn(Float4Vector vector) {
      this.vector = vector;
    }

    @Override
    void read(AvroInput in, int index) {
      vector.setSafe(index, in.readFloat());
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }
  }

  private static final class DoubleColumn extends AvroColumn {
    private final Float8Vector vector;

    DoubleColumn(Float8Vector vector) {
      this.vector = vector;
    }

    @Override
    void read(AvroInput in, int index) {
      vector.setSafe(index, in.readDouble());
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }
  }

  /** Avro's null type: nothing to read; the column is all nulls. */
  private static final class NullColumn extends AvroColumn {
    private final NullVector vector;

    NullColumn(NullVector vector) {
      this.vector = vector;
    }

    @Override
    void read(AvroInput in, int index) {
      vector.setValueCount(Math.max(vector.getValueCount(), index + 1));
    }

    @Override
    void writeNull(int index) {
      read(null, index);
    }
  }
}
