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
        FieldVector target = columns[c].createVector(allocator);
        out.add(target);
        target.setInitialCapacity(rows);
        target.allocateNew();
        ColumnCast cast = new ColumnCast(vector, target);
        for (int row = 0; row < rows; row++) {
          if (failed[row]) {
            continue;
          }
          String error = cast.convert(row, row);
          if (error != null) {
            failed[row] = true;
            deadLetters.add(new DeadLetter(RowJson.of(input, row), error, stage, null, null,
                System.currentTimeMillis()));
          }
        }
        target.setValueCount(rows);
      }
      converted = Batches.root(out, rows);
      out.clear();
      int[] kept = new int[rows];
      int count = 0;
      for (int row = 0; row < rows; row++) {
        if (!failed[row]) {
          kept[count++] = row;
        }
      }
      if (count == rows) {
        VectorSchemaRoot result = converted;
        converted = null;
        return new Transform.Result(result, deadLetters);
      }
      return new Transform.Result(Batches.select(converted, kept, count, allocator), deadLetters);
    } finally {
      Batches.close(converted);
      AutoCloseables.closeNoChecked(() -> AutoCloseables.close(out));
    }
  }
}
