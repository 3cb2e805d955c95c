package dev.logpro.core.decode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Sizes a decoder's vectors from what the previous batches looked like (rows per input byte, bytes per string), so
 * a batch is allocated once at about the right size instead of doubling and copying its way there.
 */
final class CapacityPlanner {
  private static final double HEADROOM = 1.1;

  private double rowsPerByte;
  private final Map<String, Double> bytesPerValue = new HashMap<>();

  /** Allocates {@code root} for about as many rows as {@code inputBytes} held last time. */
  void allocate(VectorSchemaRoot root, long inputBytes) {
    if (rowsPerByte > 0) {
      int rows = (int) Math.min(Integer.MAX_VALUE / 16, inputBytes * rowsPerByte * HEADROOM + 16);
      for (FieldVector vector : root.getFieldVectors()) {
        size(vector, vector.getName(), rows);
      }
    }
    root.allocateNew();
  }

  /** Remembers the shape of a decoded batch. */
  void learn(VectorSchemaRoot root, long inputBytes) {
    if (root.getRowCount() == 0 || inputBytes == 0) {
      return;
    }
    rowsPerByte = (double) root.getRowCount() / inputBytes;
    for (FieldVector vector : root.getFieldVectors()) {
      learn(vector, vector.getName());
    }
  }

  private void size(FieldVector vector, String path, int rows) {
    if (vector instanceof BaseVariableWidthVector variable) {
      variable.setInitialCapacity(rows, Math.max(1.0, bytesPerValue.getOrDefault(path, 8.0)));
    } else if (vector instanceof StructVector struct) {
      struct.setInitialCapacity(rows);
      for (Field child : struct.getField().getChildren()) {
        size((FieldVector) struct.getChild(child.getName()), path + "." + child.getName(), rows);
      }
    } else if (!(vector instanceof ListVector)) {
      vector.setInitialCapacity(rows);
    }
  }

  private void learn(FieldVector vector, String path) {
    if (vector instanceof BaseVariableWidthVector variable && vector.getValueCount() > 0) {
      bytesPerValue.put(path, variable.getDensity());
    } else if (vector instanceof StructVector struct) {
      List<FieldVector> children = struct.getChildrenFromFields();
      for (FieldVector child : children) {
        learn(child, path + "." + child.getName());
      }
    }
  }
}
