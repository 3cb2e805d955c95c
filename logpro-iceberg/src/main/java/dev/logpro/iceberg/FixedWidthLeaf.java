package dev.logpro.iceberg;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.iceberg.types.Type;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;

/** INT32 and INT64 columns: integers, dates, times and timestamps, rescaled to Iceberg's units. */
final class FixedWidthLeaf extends LeafWriters.Leaf {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final Type type;
  private final boolean int32;
  private ArrowBuf data;
  private int width;
  private boolean unsigned;
  private long multiply = 1;
  private long divide = 1;
  private BaseIntVector generic;

  FixedWidthLeaf(ColumnDescriptor desc, Type type) {
    super(desc);
    this.type = type;
    this.int32 = type.typeId() == Type.TypeID.INTEGER || type.typeId() == Type.TypeID.DATE;
  }

  @Override
  void write(int rl, int index) {
    long value;
    if (data == null) {
      value = generic.getValueAsLong(index);
    } else if (width == 8) {
      value = data.getLong((long) index << 3);
    } else {
      value = unsigned ? data.getInt((long) index << 2) & 0xFFFFFFFFL : data.getInt((long) index << 2);
    }
    if (multiply != 1) {
      value *= multiply;
    } else if (divide != 1) {
      value = Math.floorDiv(value, divide);
    }
    if (int32) {
      column.write((int) value, rl, maxDefinitionLevel);
    } else {
      column.write(value, rl, maxDefinitionLevel);
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
    unbind();
    switch (type.typeId()) {
      case INTEGER, LONG -> {
        if (v instanceof BigIntVector || v instanceof UInt8Vector) {
          raw(v, 8);
        } else if (v instanceof IntVector || (v instanceof UInt4Vector && !int32)) {
          raw(v, 4);
          unsigned = v instanceof UInt4Vector;
        } else if (v instanceof BaseIntVector i && !(v instanceof UInt4Vector)) {
          generic = i;
        } else {
          mismatch(v);
        }
      }
      case DATE -> {
        if (v instanceof DateDayVector) {
          raw(v, 4);
        } else if (v instanceof DateMilliVector) {
          raw(v, 8);
          divide = MILLIS_PER_DAY;
        } else {
          mismatch(v);
        }
      }
      case TIME -> {
        if (v instanceof TimeMicroVector) {
          raw(v, 8);
        } else if (v instanceof TimeNanoVector) {
          raw(v, 8);
          divide = 1000;
        } else if (v instanceof TimeMilliVector) {
          raw(v, 4);
          multiply = 1000;
        } else if (v instanceof TimeSecVector) {
          raw(v, 4);
          multiply = MICROS_PER_SECOND;
        } else {
          mismatch(v);
        }
      }
      case TIMESTAMP -> {
        if (!(v instanceof TimeStampVector)) {
          mismatch(v);
        }
        raw(v, 8);
        switch (((ArrowType.Timestamp) v.getField().getType()).getUnit()) {
          case SECOND -> multiply = MICROS_PER_SECOND;
          case MILLISECOND -> multiply = 1000;
          case MICROSECOND -> { }
          case NANOSECOND -> divide = 1000;
        }
      }
      default -> mismatch(v);
    }
  }

  private void raw(ValueVector v, int byteWidth) {
    this.data = v.getDataBuffer();
    this.width = byteWidth;
  }

  @Override
  void unbind() {
    data = null;
    generic = null;
    unsigned = false;
    multiply = 1;
    divide = 1;
  }

  private void mismatch(ValueVector v) {
    throw new IllegalArgumentException(String.format(
        "Cannot write column %s: Arrow %s does not fit Iceberg %s", v.getName(), v.getField().getType(), type));
  }
}
