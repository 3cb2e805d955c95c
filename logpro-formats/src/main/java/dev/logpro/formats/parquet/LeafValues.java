package dev.logpro.formats.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
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
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;

/** Copies the current value of a Parquet column reader into an Arrow vector, converting units where Arrow's differ. */
abstract class LeafValues {
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  abstract void bind(FieldVector vector);

  abstract void write(ColumnReader reader, int index) throws IOException;

  static LeafValues booleans() {
    return new LeafValues() {
      BitVector v;

      void bind(FieldVector vector) {
        v = (BitVector) vector;
      }

      void write(ColumnReader reader, int index) {
        v.setSafe(index, reader.getBoolean() ? 1 : 0);
      }
    };
  }

  static LeafValues ints() {
    return new LeafValues() {
      IntVector v;

      void bind(FieldVector vector) {
        v = (IntVector) vector;
      }

      void write(ColumnReader reader, int index) {
        v.setSafe(index, reader.getInteger());
      }
    };
  }

  /** An unsigned 32-bit int into a long. */
  static LeafValues unsignedInts() {
    return new LeafValues() {
      BigIntVector v;

      void bind(FieldVector vector) {
        v = (BigIntVector) vector;
      }

      void write(ColumnReader reader, int index) {
        v.setSafe(index, reader.getInteger() & 0xFFFFFFFFL);
      }
    };
  }

  static LeafValues longs(boolean unsigned) {
    return new LeafValues() {
      BigIntVector v;

      void bind(FieldVector vector) {
        v = (BigIntVector) vector;
      }

      void write(ColumnReader reader, int index) throws IOException {
        long value = reader.getLong();
        if (unsigned && value < 0) {
          throw new IOException("an unsigned 64-bit value is above the long range: " + Long.toUnsignedString(value));
        }
        v.setSafe(index, value);
      }
    };
  }

  static LeafValues dates() {
    return new LeafValues() {
      DateDayVector v;

      void bind(FieldVector vector) {
        v = (DateDayVector) vector;
      }

      void write(ColumnReader reader, int index) {
        v.setSafe(index, reader.getInteger());
      }
    };
  }

  /** A time of day in microseconds, from milliseconds (an int) or microseconds (a long). */
  static LeafValues timeMicros(boolean fromMillis) {
    return new LeafValues() {
      TimeMicroVector v;

      void bind(FieldVector vector) {
        v = (TimeMicroVector) vector;
      }

      void write(ColumnReader reader, int index) {
        v.setSafe(index, fromMillis ? reader.getInteger() * 1000L : reader.getLong());
      }
    };
  }

  static LeafValues timeNanos() {
    return new LeafValues() {
      TimeNanoVector v;

      void bind(FieldVector vector) {
        v = (TimeNanoVector) vector;
      }

      void write(ColumnReader reader, int index) {
        v.setSafe(index, reader.getLong());
      }
    };
  }

  /** A timestamp in the vector's unit; {@code factor} turns milliseconds into microseconds. */
  static LeafValues timestamps(long factor) {
    return new LeafValues() {
      TimeStampVector v;

      void bind(FieldVector vector) {
        v = (TimeStampVector) vector;
      }

      void write(ColumnReader reader, int index) throws IOException {
        try {
          v.setSafe(index, Math.multiplyExact(reader.getLong(), factor));
        } catch (ArithmeticException e) {
          throw new IOException("a timestamp is out of range: " + reader.getLong() + " ms");
        }
      }
    };
  }

  /** Legacy INT96 timestamps (nanoseconds of the day, then the Julian day, little-endian) into UTC microseconds. */
  static LeafValues int96() {
    return new LeafValues() {
      TimeStampVector v;

      void bind(FieldVector vector) {
        v = (TimeStampVector) vector;
      }

      void write(ColumnReader reader, int index) {
        ByteBuffer b = reader.getBinary().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanos = b.getLong(b.position());
        long day = b.getInt(b.position() + 8) & 0xFFFFFFFFL;
        v.setSafe(index, (day - JULIAN_EPOCH_DAY) * MICROS_PER_DAY + nanos / 1000);
      }
    };
  }

  static LeafValues floats() {
    return new LeafValues() {
      Float4Vector v;

      void bind(FieldVector vector) {
        v = (Float4Vector) vector;
      }

      void write(ColumnReader reader, int index) {
        v.setSafe(index, reader.getFloat());
      }
    };
  }

  static LeafValues doubles() {
    return new LeafValues() {
      Float8Vector v;

      void bind(FieldVector vector) {
        v = (Float8Vector) vector;
      }

      void write(ColumnReader reader, int index) {
        v.setSafe(index, reader.getDouble());
      }
    };
  }

  /** Strings and binary, copied once from the page into the vector. */
  static LeafValues bytes() {
    return new LeafValues() {
      BaseVariableWidthVector v;

      void bind(FieldVector vector) {
        v = (BaseVariableWidthVector) vector;
      }

      void write(ColumnReader reader, int index) {
        ByteBuffer b = reader.getBinary().toByteBuffer();
        v.setSafe(index, b, b.position(), b.remaining());
      }
    };
  }

  static LeafValues fixed() {
    return new LeafValues() {
      FixedSizeBinaryVector v;

      void bind(FieldVector vector) {
        v = (FixedSizeBinaryVector) vector;
      }

      void write(ColumnReader reader, int index) {
        v.setSafe(index, reader.getBinary().getBytesUnsafe());
      }
    };
  }

  /** A UUID (16 bytes) as its canonical string, as the Avro and Protobuf formats give it. */
  static LeafValues uuids() {
    return new LeafValues() {
      BaseVariableWidthVector v;

      void bind(FieldVector vector) {
        v = (BaseVariableWidthVector) vector;
      }

      void write(ColumnReader reader, int index) {
        ByteBuffer b = reader.getBinary().toByteBuffer();
        String text = new UUID(b.getLong(b.position()), b.getLong(b.position() + 8)).toString();
        v.setSafe(index, text.getBytes(StandardCharsets.US_ASCII));
      }
    };
  }

  /** A decimal stored as an int32 or int64 unscaled value. */
  static LeafValues decimalFromLong(boolean int32) {
    return new LeafValues() {
      DecimalVector v;

      void bind(FieldVector vector) {
        v = (DecimalVector) vector;
      }

      void write(ColumnReader reader, int index) {
        v.setSafe(index, int32 ? reader.getInteger() : reader.getLong());
      }
    };
  }

  /** A decimal stored as big-endian two's-complement bytes. */
  static LeafValues decimalFromBytes() {
    return new LeafValues() {
      DecimalVector v;

      void bind(FieldVector vector) {
        v = (DecimalVector) vector;
      }

      void write(ColumnReader reader, int index) throws IOException {
        Binary binary = reader.getBinary();
        if (binary.length() > 16 || binary.length() == 0) {
          throw new IOException("a decimal of " + binary.length() + " bytes does not fit 128 bits");
        }
        v.setBigEndianSafe(index, binary.getBytesUnsafe());
      }
    };
  }
}
