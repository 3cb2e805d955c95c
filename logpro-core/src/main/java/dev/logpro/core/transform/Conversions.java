package dev.logpro.core.transform;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
import dev.logpro.core.arrow.Batches;
import dev.logpro.core.arrow.RowJson;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Converts some columns of a batch to other types and shares the rest; a row with a value that does not convert goes
 * to the dead-letter queue whole, as it was before the conversion. Used by {@code cast} and by the fit to the table.
 */
final class Conversions {
  private Conversions() {}

  /**
   * @param columns for each input column, the field to convert it to, or {@code null} to pass it on; the output has
   *     the input's columns in the input's order
   * @param refused marks rows refused for another reason before converting (may be {@code null}); their dead letters
   *     are the caller's
   */
  static Transform.Result convert(VectorSchemaRoot input, Field[] columns, boolean[] refused,
      BufferAllocator allocator, String stage) {
    int rows = input.getRowCount();
    boolean[] failed = refused == null ? new boolean[rows] : refused;
    List<DeadLetter> deadLetters = new ArrayList<>();
    List<FieldVector> out = new ArrayList<>(columns.length);
    VectorSchemaRoot converted = null;
    try {
      for (int c = 0; c < columns.length; c++) {
        FieldVector vector = input.getVector(c);
        if (columns[c] == null) {
          out.add(Batches.share(vector, rows, allocator));
          continue;
        }
        out.add(column(vector, columns[c], rows, failed, allocator, (row, error) -> {
          failed[row] = true;
          deadLetters.add(new DeadLetter(RowJson.of(input, row), error, stage, null, null,
              System.currentTimeMillis()));
        }));
      }
      converted = Batches.root(out, rows);
      out.clear();
      VectorSchemaRoot result = converted;
      converted = null;
      return new Transform.Result(Batches.withoutRows(result, failed, allocator), deadLetters);
    } finally {
      Batches.close(converted);
      AutoCloseables.closeNoChecked(() -> AutoCloseables.close(out));
    }
  }

  /** What to do with a value that did not convert: its slot in the new column is null. */
  interface Failure {
    void at(int row, String error);
  }

  /**
   * {@code vector} converted to {@code field}'s type, row by row, skipping rows marked in {@code skip}; a value that
   * does not convert is null in the result and reported to {@code failure}.
   */
  static FieldVector column(FieldVector vector, Field field, int rows, boolean[] skip, BufferAllocator allocator,
      Failure failure) {
    FieldVector target = field.createVector(allocator);
    try {
      target.setInitialCapacity(rows);
      target.allocateNew();
      ColumnCast cast = new ColumnCast(vector, target);
      for (int row = 0; row < rows; row++) {
        if (skip[row]) {
          continue;
        }
        String error = cast.convert(row, row);
        if (error != null) {
          target.setNull(row);
          failure.at(row, error);
        }
      }
      target.setValueCount(rows);
      return target;
    } catch (RuntimeException | Error e) {
      target.close();
      throw e;
    }
  }
}
