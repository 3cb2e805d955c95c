package dev.logpro.iceberg;

import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.iceberg.DoubleFieldMetrics;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.FloatFieldMetrics;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;

/**
 * Writers of primitive Parquet columns, each reading one Arrow vector's buffers directly. Each leaf has its own copy
 * of the loop over a top-level column's rows, so that the per-value call is to a final method and inlines.
 */
final class LeafWriters {

  private LeafWriters() {}

  /** The leaf writer for an Iceberg primitive type stored in column {@code desc}. */
  static ArrowWriter forType(Type.PrimitiveType type, ColumnDescriptor desc) {
    return switch (type.typeId()) {
      case BOOLEAN -> new BooleanLeaf(desc);
      case INTEGER, DATE, LONG, TIME, TIMESTAMP -> new FixedWidthLeaf(desc, type);
      case FLOAT -> new FloatLeaf(desc);
      case DOUBLE -> new DoubleLeaf(desc);
      case STRING, BINARY, FIXED, UUID -> new BinaryLeaf(desc);
      case DECIMAL -> new DecimalLeaf(desc, (Types.DecimalType) type);
      default -> throw new IllegalArgumentException(
          "Cannot write column " + desc + ": unsupported Iceberg type " + type);
    };
  }

  abstract static class Leaf extends ArrowWriter {
    final int fieldId;
    /** The definition level of a present value; a top-level null is written one below. */
    final int maxDefinitionLevel;
    ColumnWriter column;

    Leaf(ColumnDescriptor desc) {
      this.fieldId = desc.getPrimitiveType().getId() == null ? -1 : desc.getPrimitiveType().getId().intValue();
      this.maxDefinitionLevel = desc.getMaxDefinitionLevel();
    }

    /** Writes into {@code writer} from now on: the column of the current row group. */
    final void writeTo(ColumnWriter writer) {
      this.column = writer;
    }

    @Override
    final void writeNull(int rl, int dl) {
      column.writeNull(rl, dl);
    }

    @Override
    final void bind(ValueVector vector) {
      if (vector == null || vector instanceof NullVector) {
        unbind();
      } else {
        bindTo(vector);
      }
    }

    abstract void bindTo(ValueVector vector);

    abstract void unbind();

    /**
     * Writes {@code rows[from..to)} of a top-level optional column whose validity bitmap is {@code validity}: one
     * value or null per row, each ending a record of {@code store}.
     */
    abstract void writeTopLevel(int[] rows, int from, int to, ArrowBuf validity, ColumnWriteStore store);

    Stream<FieldMetrics<?>> metrics() {
      return Stream.empty();
    }
  }

  static final class BooleanLeaf extends Leaf {
    private ArrowBuf data;

    BooleanLeaf(ColumnDescriptor desc) {
      super(desc);
    }

    @Override
    final void write(int rl, int index) {
      column.write(((data.getByte(index >>> 3) >>> (index & 7)) & 1) != 0, rl, maxDefinitionLevel);
    }

    @Override
    void writeTopLevel(int[] rows, int from, int to, ArrowBuf validity, ColumnWriteStore store) {
      for (int i = from; i < to; i++) {
        int row = rows[i];
        if (isNull(validity, row)) {
          column.writeNull(0, maxDefinitionLevel - 1);
        } else {
          write(0, row);
        }
        store.endRecord();
      }
    }

    @Override
    void bindTo(ValueVector v) {
      data = Vectors.expect(v, BitVector.class, "bool").getDataBuffer();
    }

    @Override
    void unbind() {
      data = null;
    }
  }

  static final class FloatLeaf extends Leaf {
    private final FloatFieldMetrics.Builder metrics;
    private ArrowBuf data;

    FloatLeaf(ColumnDescriptor desc) {
      super(desc);
      this.metrics = new FloatFieldMetrics.Builder(fieldId);
    }

    @Override
    final void write(int rl, int index) {
      float value = data.getFloat((long) index << 2);
      metrics.addValue(value);
      column.write(value, rl, maxDefinitionLevel);
    }

    @Override
    void writeTopLevel(int[] rows, int from, int to, ArrowBuf validity, ColumnWriteStore store) {
      for (int i = from; i < to; i++) {
        int row = rows[i];
        if (isNull(validity, row)) {
          column.writeNull(0, maxDefinitionLevel - 1);
        } else {
          write(0, row);
        }
        store.endRecord();
      }
    }

    @Override
    void bindTo(ValueVector v) {
      data = Vectors.expect(v, Float4Vector.class, "float32").getDataBuffer();
    }

    @Override
    void unbind() {
      data = null;
    }

    @Override
    Stream<FieldMetrics<?>> metrics() {
      return Stream.of(metrics.build());
    }
  }

  static final class DoubleLeaf extends Leaf {
    private final DoubleFieldMetrics.Builder metrics;
    private ArrowBuf data;
    private boolean single;

    DoubleLeaf(ColumnDescriptor desc) {
      super(desc);
      this.metrics = new DoubleFieldMetrics.Builder(fieldId);
    }

    @Override
    final void write(int rl, int index) {
      double value = single ? data.getFloat((long) index << 2) : data.getDouble((long) index << 3);
      metrics.addValue(value);
      column.write(value, rl, maxDefinitionLevel);
    }

    @Override
    void writeTopLevel(int[] rows, int from, int to, ArrowBuf validity, ColumnWriteStore store) {
      for (int i = from; i < to; i++) {
        int row = rows[i];
        if (isNull(validity, row)) {
          column.writeNull(0, maxDefinitionLevel - 1);
        } else {
          write(0, row);
        }
        store.endRecord();
      }
    }

    @Override
    void bindTo(ValueVector v) {
      unbind();
      single = v instanceof Float4Vector;
      data = single ? v.getDataBuffer() : Vectors.expect(v, Float8Vector.class, "float64").getDataBuffer();
    }

    @Override
    void unbind() {
      data = null;
      single = false;
    }

    @Override
    Stream<FieldMetrics<?>> metrics() {
      return Stream.of(metrics.build());
    }
  }

  /**
   * BINARY and FIXED_LEN_BYTE_ARRAY columns. Bytes are copied into a scratch array and handed on as a reused
   * {@link Binary}, so Parquet copies whatever it keeps (dictionary entries, statistics) and never holds Arrow memory.
   */
  static final class BinaryLeaf extends Leaf {
    private byte[] scratch = new byte[256];
    private ArrowBuf offsets;
    private ArrowBuf data;
    private int offsetWidth;
    private int fixedWidth;

    BinaryLeaf(ColumnDescriptor desc) {
      super(desc);
    }

    @Override
    final void write(int rl, int index) {
      long start;
      int length;
      if (offsetWidth == 4) {
        start = offsets.getInt((long) index << 2);
        length = (int) (offsets.getInt(((long) index + 1) << 2) - start);
      } else if (offsetWidth == 8) {
        start = offsets.getLong((long) index << 3);
        length = (int) (offsets.getLong(((long) index + 1) << 3) - start);
      } else {
        start = (long) index * fixedWidth;
        length = fixedWidth;
      }
      if (length > scratch.length) {
        scratch = new byte[Math.max(length, scratch.length * 2)];
      }
      data.getBytes(start, scratch, 0, length);
      column.write(Binary.fromReusedByteArray(scratch, 0, length), rl, maxDefinitionLevel);
    }

    @Override
    void writeTopLevel(int[] rows, int from, int to, ArrowBuf validity, ColumnWriteStore store) {
      for (int i = from; i < to; i++) {
        int row = rows[i];
        if (isNull(validity, row)) {
          column.writeNull(0, maxDefinitionLevel - 1);
        } else {
          write(0, row);
        }
        store.endRecord();
      }
    }

    @Override
    void bindTo(ValueVector v) {
      unbind();
      if (v instanceof BaseVariableWidthVector variable) {
        offsetWidth = 4;
        offsets = variable.getOffsetBuffer();
      } else if (v instanceof BaseLargeVariableWidthVector large) {
        offsetWidth = 8;
        offsets = large.getOffsetBuffer();
      } else if (v instanceof FixedSizeBinaryVector fixed) {
        fixedWidth = fixed.getByteWidth();
      } else {
        Vectors.expect(v, BaseVariableWidthVector.class, "utf8 or binary");
      }
      data = v.getDataBuffer();
    }

    @Override
    void unbind() {
      offsets = null;
      data = null;
      offsetWidth = 0;
      fixedWidth = 0;
    }
  }

  /** Decimals from Arrow's 128-bit little-endian form to Parquet INT32, INT64 or big-endian fixed bytes. */
  static final class DecimalLeaf extends Leaf {
    private final Types.DecimalType type;
    private final int bytes;
    private final byte[] scratch;
    private ArrowBuf data;

    DecimalLeaf(ColumnDescriptor desc, Types.DecimalType type) {
      super(desc);
      this.type = type;
      this.bytes = TypeUtil.decimalRequiredBytes(type.precision());
      this.scratch = new byte[bytes];
    }

    @Override
    final void write(int rl, int index) {
      long offset = (long) index << 4;
      if (type.precision() <= 9) {
        column.write((int) data.getLong(offset), rl, maxDefinitionLevel);
      } else if (type.precision() <= 18) {
        column.write(data.getLong(offset), rl, maxDefinitionLevel);
      } else {
        for (int j = 0; j < bytes; j++) {
          scratch[j] = data.getByte(offset + bytes - 1 - j);
        }
        column.write(Binary.fromReusedByteArray(scratch, 0, bytes), rl, maxDefinitionLevel);
      }
    }

    @Override
    void writeTopLevel(int[] rows, int from, int to, ArrowBuf validity, ColumnWriteStore store) {
      for (int i = from; i < to; i++) {
        int row = rows[i];
        if (isNull(validity, row)) {
          column.writeNull(0, maxDefinitionLevel - 1);
        } else {
          write(0, row);
        }
        store.endRecord();
      }
    }

    @Override
    void bindTo(ValueVector v) {
      DecimalVector decimals = Vectors.expect(v, DecimalVector.class, "decimal128");
      if (decimals.getScale() != type.scale()) {
        throw new IllegalArgumentException(String.format(
            "Cannot write column %s: Arrow decimal scale %d differs from Iceberg %s",
            v.getName(), decimals.getScale(), type));
      }
      data = decimals.getDataBuffer();
    }

    @Override
    void unbind() {
      data = null;
    }
  }
}
