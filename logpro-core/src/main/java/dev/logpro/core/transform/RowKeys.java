package dev.logpro.core.transform;

import dev.logpro.core.arrow.RowJson;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The bytes that stand for the values of some columns in one row, written into one reused buffer: what {@code hash}
 * hashes, and what {@code deduplicate} and {@code enrich} compare keys by.
 *
 * <p>A value's bytes: a string's UTF-8 (binary as is); an integer of any width, a date (epoch day) and a timestamp
 * (epoch microseconds) as 8 bytes little-endian; a floating-point number as the 8 bytes of its double, little-endian;
 * a boolean as one byte 0 or 1; a decimal as its plain text; a struct or list as its JSON text. {@link #value} writes
 * one column's value alone, so hashing one string column hashes exactly its UTF-8 text, as any other tool would;
 * {@link #framed} writes each value after its 4-byte little-endian length ({@code -1} for null), so that no two
 * different rows give the same bytes.
 */
final class RowKeys {
  private final FieldVector[] columns;
  private byte[] buffer = new byte[64];
  private int length;

  RowKeys(FieldVector[] columns) {
    this.columns = columns;
  }

  byte[] buffer() {
    return buffer;
  }

  int length() {
    return length;
  }

  /** Whether every key column is null at {@code row}. */
  boolean allNull(int row) {
    for (FieldVector column : columns) {
      if (!column.isNull(row)) {
        return false;
      }
    }
    return true;
  }

  /** Writes the single column's non-null value at {@code row}, unframed; returns its length. */
  int value(int row) {
    length = 0;
    write(columns[0], row);
    return length;
  }

  /** Writes every key column's value at {@code row}, each framed by its length; returns the total length. */
  int framed(int row) {
    length = 0;
    for (FieldVector column : columns) {
      int at = length;
      ensure(4);
      length += 4;
      int size;
      if (column.isNull(row)) {
        size = -1;
      } else {
        write(column, row);
        size = length - at - 4;
      }
      putInt(at, size);
    }
    return length;
  }

  private void write(FieldVector vector, int row) {
    if (vector instanceof BaseVariableWidthVector text) {
      int start = text.getStartOffset(row);
      int size = text.getValueLength(row);
      ensure(size);
      text.getDataBuffer().getBytes(start, buffer, length, size);
      length += size;
    } else if (vector instanceof BaseIntVector ints) {
      putLong(ints.getValueAsLong(row));
    } else if (vector instanceof TimeStampVector ts) {
      putLong(ts.get(row));
    } else if (vector instanceof DateDayVector date) {
      putLong(date.get(row));
    } else if (vector instanceof Float8Vector f) {
      putLong(Double.doubleToLongBits(f.get(row)));
    } else if (vector instanceof Float4Vector f) {
      putLong(Double.doubleToLongBits(f.get(row)));
    } else if (vector instanceof BitVector bits) {
      ensure(1);
      buffer[length++] = (byte) bits.get(row);
    } else if (vector instanceof DecimalVector decimal) {
      putBytes(decimal.getObject(row).toPlainString().getBytes(StandardCharsets.US_ASCII));
    } else {
      VectorSchemaRoot single = VectorSchemaRoot.of(vector);
      putBytes(RowJson.of(single, row));
    }
  }

  private void putLong(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buffer[length++] = (byte) (value >>> (8 * i));
    }
  }

  private void putInt(int at, int value) {
    for (int i = 0; i < 4; i++) {
      buffer[at + i] = (byte) (value >>> (8 * i));
    }
  }

  private void putBytes(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
