package dev.logpro.core.decode;

import dev.logpro.core.schema.ValueParser;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Writes values given as text into one scalar Arrow vector, in two steps so that a row is written only once all its
 * values parse: {@link #accept} parses a value and keeps it, {@link #write} stores the kept value. Nothing is
 * allocated per value. Each Arrow type has its own small subclass holding its value in a primitive field, so the
 * subclasses look alike on purpose: a shared generic one would box every value.
 */
abstract class TextColumn {

  final ValueParser parser;
  private final boolean holdsText;

  private TextColumn(ValueParser parser) {
    this(parser, false);
  }

  private TextColumn(ValueParser parser, boolean holdsText) {
    this.parser = parser;
    this.holdsText = holdsText;
  }

  /** Parses a value and keeps it for {@link #write}; {@code false} if it is not a valid value of this type. */
  abstract boolean accept(byte[] b, int off, int len);

  /** Writes the value last accepted at {@code index}. */
  abstract void write(int index);

  /**
   * {@link #accept} and {@link #write} in one call, for a decoder that writes a row as it goes (and overwrites it if a
   * later value of the row does not parse); {@code false}, with nothing written, if the value is not valid. Each
   * type has its own copy so that the two calls inside are to its own final methods.
   */
  abstract boolean put(byte[] b, int off, int len, int index);

  abstract void writeNull(int index);

  /** The type's name for error messages: {@code cannot parse "abc" as int64}. */
  abstract String typeName();

  /** Why a value {@link #accept} refused cannot be stored, for a dead letter's error. */
  String rejection(byte[] b, int off, int len) {
    return "cannot parse " + DeadLetters.quote(b, off, len) + " as " + typeName();
  }

  /** Whether an empty value is an empty string rather than null (a field: the decoders ask for every value). */
  final boolean holdsText() {
    return holdsText;
  }

  /** Whether {@code type} is a scalar type this class writes text into. */
  static boolean supports(ArrowType type) {
    if (type instanceof ArrowType.Int i) {
      return i.getIsSigned() && (i.getBitWidth() == 64 || i.getBitWidth() == 32);
    } else if (type instanceof ArrowType.FloatingPoint f) {
      return f.getPrecision() != FloatingPointPrecision.HALF;
    } else if (type instanceof ArrowType.Date d) {
      return d.getUnit() == DateUnit.DAY;
    } else if (type instanceof ArrowType.Timestamp t) {
      return t.getUnit() == TimeUnit.MICROSECOND;
    }
    return type instanceof ArrowType.Bool || type instanceof ArrowType.Utf8;
  }

  /** The column writing into {@code vector}, or {@code null} if its type is not supported. */
  static TextColumn forVector(FieldVector vector, ValueParser parser) {
    return forVector(vector, parser, false);
  }

  /**
   * The column writer for {@code vector}; {@code utf8Checked} says the caller has already validated the UTF-8 of
   * every value it will pass (the JSON parser does while scanning strings), so strings are not scanned twice.
   */
  static TextColumn forVector(FieldVector vector, ValueParser parser, boolean utf8Checked) {
    if (vector instanceof BigIntVector v) {
      return new Int64Column(v, parser);
    } else if (vector instanceof IntVector v) {
      return new Int32Column(v, parser);
    } else if (vector instanceof Float8Vector v) {
      return new Float64Column(v, parser);
    } else if (vector instanceof Float4Vector v) {
      return new Float32Column(v, parser);
    } else if (vector instanceof BitVector v) {
      return new BooleanColumn(v, parser);
    } else if (vector instanceof TimeStampMicroTZVector || vector instanceof TimeStampMicroVector) {
      return new TimestampColumn((TimeStampVector) vector, parser);
    } else if (vector instanceof DateDayVector v) {
      return new DateColumn(v, parser);
    } else if (vector instanceof VarCharVector v) {
      return new StringColumn(v, parser, utf8Checked);
    }
    return null;
  }

  private static final class Int64Column extends TextColumn {
    private final BigIntVector vector;
    private long value;

    Int64Column(BigIntVector vector, ValueParser parser) {
      super(parser);
      this.vector = vector;
    }

    @Override
    boolean accept(byte[] b, int off, int len) {
      if (!parser.parseInt64(b, off, len)) {
        return false;
      }
      value = parser.longValue();
      return true;
    }

    @Override
    void write(int index) {
      vector.setSafe(index, value);
    }

    @Override
    boolean put(byte[] b, int off, int len, int index) {
      if (!accept(b, off, len)) {
        return false;
      }
      write(index);
      return true;
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }

    @Override
    String typeName() {
      return "int64";
    }
  }

  private static final class Int32Column extends TextColumn {
    private final IntVector vector;
    private int value;

    Int32Column(IntVector vector, ValueParser parser) {
      super(parser);
      this.vector = vector;
    }

    @Override
    boolean accept(byte[] b, int off, int len) {
      if (!parser.parseInt64(b, off, len) || parser.longValue() != (int) parser.longValue()) {
        return false;
      }
      value = (int) parser.longValue();
      return true;
    }

    @Override
    void write(int index) {
      vector.setSafe(index, value);
    }

    @Override
    boolean put(byte[] b, int off, int len, int index) {
      if (!accept(b, off, len)) {
        return false;
      }
      write(index);
      return true;
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }

    @Override
    String typeName() {
      return "int32";
    }
  }

  private static final class Float64Column extends TextColumn {
    private final Float8Vector vector;
    private double value;

    Float64Column(Float8Vector vector, ValueParser parser) {
      super(parser);
      this.vector = vector;
    }

    @Override
    boolean accept(byte[] b, int off, int len) {
      if (!parser.parseFloat64(b, off, len)) {
        return false;
      }
      value = parser.doubleValue();
      return true;
    }

    @Override
    void write(int index) {
      vector.setSafe(index, value);
    }

    @Override
    boolean put(byte[] b, int off, int len, int index) {
      if (!accept(b, off, len)) {
        return false;
      }
      write(index);
      return true;
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }

    @Override
    String typeName() {
      return "float64";
    }
  }

  private static final class Float32Column extends TextColumn {
    private final Float4Vector vector;
    private float value;

    Float32Column(Float4Vector vector, ValueParser parser) {
      super(parser);
      this.vector = vector;
    }

    @Override
    boolean accept(byte[] b, int off, int len) {
      if (!parser.parseFloat64(b, off, len)) {
        return false;
      }
      value = (float) parser.doubleValue();
      return true;
    }

    @Override
    void write(int index) {
      vector.setSafe(index, value);
    }

    @Override
    boolean put(byte[] b, int off, int len, int index) {
      if (!accept(b, off, len)) {
        return false;
      }
      write(index);
      return true;
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }

    @Override
    String typeName() {
      return "float32";
    }
  }

  private static final class BooleanColumn extends TextColumn {
    private final BitVector vector;
    private int value;

    BooleanColumn(BitVector vector, ValueParser parser) {
      super(parser);
      this.vector = vector;
    }

    @Override
    boolean accept(byte[] b, int off, int len) {
      if (!parser.parseBoolean(b, off, len)) {
        return false;
      }
      value = (int) parser.longValue();
      return true;
    }

    @Override
    void write(int index) {
      vector.setSafe(index, value);
    }

    @Override
    boolean put(byte[] b, int off, int len, int index) {
      if (!accept(b, off, len)) {
        return false;
      }
      write(index);
      return true;
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }

    @Override
    String typeName() {
      return "boolean";
    }
  }

  private static final class TimestampColumn extends TextColumn {
    private final TimeStampVector vector;
    private long value;

    TimestampColumn(TimeStampVector vector, ValueParser parser) {
      super(parser);
      this.vector = vector;
    }

    @Override
    boolean accept(byte[] b, int off, int len) {
      if (!parser.parseTimestampMicros(b, off, len)) {
        return false;
      }
      value = parser.longValue();
      return true;
    }

    @Override
    void write(int index) {
      vector.setSafe(index, value);
    }

    @Override
    boolean put(byte[] b, int off, int len, int index) {
      if (!accept(b, off, len)) {
        return false;
      }
      write(index);
      return true;
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }

    @Override
    String typeName() {
      return "timestamp";
    }
  }

  private static final class DateColumn extends TextColumn {
    private final DateDayVector vector;
    private int value;

    DateColumn(DateDayVector vector, ValueParser parser) {
      super(parser);
      this.vector = vector;
    }

    @Override
    boolean accept(byte[] b, int off, int len) {
      if (!parser.parseDate(b, off, len)) {
        return false;
      }
      value = (int) parser.longValue();
      return true;
    }

    @Override
    void write(int index) {
      vector.setSafe(index, value);
    }

    @Override
    boolean put(byte[] b, int off, int len, int index) {
      if (!accept(b, off, len)) {
        return false;
      }
      write(index);
      return true;
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }

    @Override
    String typeName() {
      return "date";
    }
  }

  /** Copies UTF-8 bytes as they are, after checking they are valid UTF-8. */
  private static final class StringColumn extends TextColumn {
    private final VarCharVector vector;
    private final boolean utf8Checked;
    private byte[] bytes;
    private int offset;
    private int length;

    StringColumn(VarCharVector vector, ValueParser parser, boolean utf8Checked) {
      super(parser, true);
      this.vector = vector;
      this.utf8Checked = utf8Checked;
    }

    @Override
    boolean accept(byte[] b, int off, int len) {
      if (!utf8Checked && !Utf8.isValid(b, off, len)) {
        return false;
      }
      bytes = b;
      offset = off;
      length = len;
      return true;
    }

    @Override
    void write(int index) {
      vector.setSafe(index, bytes, offset, length);
    }

    @Override
    boolean put(byte[] b, int off, int len, int index) {
      if (!accept(b, off, len)) {
        return false;
      }
      write(index);
      return true;
    }

    @Override
    void writeNull(int index) {
      vector.setNull(index);
    }

    @Override
    String typeName() {
      return "string";
    }

    @Override
    String rejection(byte[] b, int off, int len) {
      return "invalid UTF-8 in " + DeadLetters.quote(b, off, len);
    }
  }
}
