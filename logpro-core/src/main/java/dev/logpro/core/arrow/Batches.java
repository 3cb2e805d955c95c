package dev.logpro.core.arrow;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Builds the output batches of transforms without touching their input: a column passed on unchanged shares the
 * input's buffers (a transfer of a slice holding a reference, so both stay valid and the memory is freed when the
 * last of them closes), and rows are selected by copying only the chosen values.
 */
public final class Batches {
  private Batches() {}

  /** {@code vector}'s values under the same name, sharing its buffers. */
  public static FieldVector share(FieldVector vector, int rows, BufferAllocator allocator) {
    return share(vector, vector.getField(), rows, allocator);
  }

  /**
   * {@code vector}'s first {@code rows} values as a vector described by {@code field} (same type, perhaps another
   * name), sharing its buffers.
   */
  public static FieldVector share(FieldVector vector, Field field, int rows, BufferAllocator allocator) {
    if (rows == 0) {
      FieldVector empty = field.createVector(allocator);
      empty.setValueCount(0);
      return empty;
    }
    TransferPair pair = vector.getTransferPair(field, allocator);
    pair.splitAndTransfer(0, rows);
    return (FieldVector) pair.getTo();
  }

  /** A new root holding {@code vectors} (which it now owns) with {@code rows} rows. */
  public static VectorSchemaRoot root(List<FieldVector> vectors, int rows) {
    VectorSchemaRoot root = new VectorSchemaRoot(vectors);
    root.setRowCount(rows);
    return root;
  }

  /** Every column of {@code input}, shared. */
  public static VectorSchemaRoot shareAll(VectorSchemaRoot input, BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(input.getFieldVectors().size());
    try {
      for (FieldVector vector : input.getFieldVectors()) {
        out.add(share(vector, input.getRowCount(), allocator));
      }
    } catch (RuntimeException | Error e) {
      AutoCloseables.closeNoChecked(() -> AutoCloseables.close(out));
      throw e;
    }
    return root(out, input.getRowCount());
  }

  /**
   * The rows of {@code input} whose index is in {@code rows[0..count)} (ascending), as a new root; every column is
   * shared when all rows are kept, and {@code null} is returned when none is.
   */
  public static VectorSchemaRoot select(VectorSchemaRoot input, int[] rows, int count, BufferAllocator allocator) {
    if (count == 0) {
      return null;
    }
    if (count == input.getRowCount()) {
      return shareAll(input, allocator);
    }
    return take(input, rows, count, allocator);
  }

  /** A copy of the rows of {@code input} at {@code rows[0..count)}, in that order (any order, repeats allowed). */
  public static VectorSchemaRoot take(VectorSchemaRoot input, int[] rows, int count, BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(input.getFieldVectors().size());
    try {
      for (FieldVector vector : input.getFieldVectors()) {
        out.add(copyRows(vector, vector.getField(), rows, count, allocator));
      }
    } catch (RuntimeException | Error e) {
      AutoCloseables.closeNoChecked(() -> AutoCloseables.close(out));
      throw e;
    }
    return root(out, count);
  }

  /**
   * The rows of {@code root} not marked in {@code dropped}, taking ownership of {@code root}: it is handed back as it
   * is when no row is dropped, else closed, and the rest returned as a copy ({@code null} when every row is dropped).
   */
  public static VectorSchemaRoot withoutRows(VectorSchemaRoot root, boolean[] dropped, BufferAllocator allocator) {
    int rows = root.getRowCount();
    int[] kept = new int[rows];
    int count = 0;
    for (int row = 0; row < rows; row++) {
      if (!dropped[row]) {
        kept[count++] = row;
      }
    }
    if (count == rows) {
      return root;
    }
    try {
      return select(root, kept, count, allocator);
    } finally {
      root.close();
    }
  }

  /**
   * A new vector described by {@code field} holding {@code vector}'s values at {@code rows[0..count)}. Strings and
   * binaries get a data buffer of exactly their bytes, fixed-width values one of exactly {@code count}: copying never
   * grows a buffer by reallocating it.
   */
  public static FieldVector copyRows(FieldVector vector, Field field, int[] rows, int count,
      BufferAllocator allocator) {
    FieldVector copy = field.createVector(allocator);
    try {
      if (copy instanceof BaseVariableWidthVector variable && vector instanceof BaseVariableWidthVector source) {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
          bytes += source.getValueLength(rows[i]);
        }
        variable.allocateNew(Math.max(1, bytes), count);
      } else if (copy instanceof BaseFixedWidthVector fixed) {
        fixed.allocateNew(count);
      } else {
        copy.setInitialCapacity(count);
        copy.allocateNew();
      }
      for (int i = 0; i < count; i++) {
        copy.copyFromSafe(rows[i], i, vector);
      }
      copy.setValueCount(count);
      return copy;
    } catch (RuntimeException | Error e) {
      copy.close();
      throw e;
    }
  }

  /** Closes {@code root} if it is not {@code null}. */
  public static void close(VectorSchemaRoot root) {
    if (root != null) {
      root.close();
    }
  }
}
