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
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Fits transformed batches to the existing table's schema, the last step when transforms change a batch's shape (the
 * decoder then infers rather than decoding into the table's schema, since the table describes the output of the
 * transforms, not their input). Columns are matched by name: a column of the table's type is passed on; a scalar of
 * another type is cast to the table's type (a value that does not convert sends its row to the dead-letter queue); a
 * column the table lacks is left out, and a row holding a value in it goes to the dead-letter queue, as the decoders
 * do, rather than lose that value. A table column the batch lacks is null.
 */
public final class ConformToTable implements Transform {
  private final Schema table;
  private final BufferAllocator allocator;
  private volatile Plan plan;

  public ConformToTable(Schema table, BufferAllocator allocator) {
    this.table = table;
    this.allocator = allocator;
  }

  /**
   * @param keep input columns that go on
   * @param targets for each kept column, the table's field to convert it to, or {@code null} to share it
   * @param out input columns that cannot go on, with why
   */
  private record Plan(Schema input, int[] keep, Field[] targets, int[] out, String[] why) {}

  @Override
  public Result apply(VectorSchemaRoot input) {
    Plan current = plan(input.getSchema());
    int rows = input.getRowCount();
    boolean[] refused = new boolean[rows];
    List<DeadLetter> deadLetters = new ArrayList<>();
    for (int i = 0; i < current.out.length; i++) {
      FieldVector vector = input.getVector(current.out[i]);
      for (int row = 0; row < rows; row++) {
        if (!refused[row] && !vector.isNull(row)) {
          refused[row] = true;
          deadLetters.add(new DeadLetter(RowJson.of(input, row), current.why[i], "transform", null, null,
              System.currentTimeMillis()));
        }
      }
    }
    List<FieldVector> kept = new ArrayList<>(current.keep.length);
    VectorSchemaRoot projected = null;
    try {
      for (int index : current.keep) {
        kept.add(Batches.share(input.getVector(index), rows, allocator));
      }
      projected = Batches.root(kept, rows);
      kept.clear();
      Result converted = Conversions.convert(projected, current.targets, refused, allocator, "transform");
      deadLetters.addAll(converted.deadLetters());
      return new Result(converted.root(), deadLetters);
    } finally {
      Batches.close(projected);
      AutoCloseables.closeNoChecked(() -> AutoCloseables.close(kept));
    }
  }

  private Plan plan(Schema schema) {
    Plan current = plan;
    if (current != null && current.input.equals(schema)) {
      return current;
    }
    List<Integer> keep = new ArrayList<>();
    List<Field> targets = new ArrayList<>();
    List<Integer> out = new ArrayList<>();
    List<String> why = new ArrayList<>();
    List<Field> fields = schema.getFields();
    for (int i = 0; i < fields.size(); i++) {
      Field field = fields.get(i);
      Field wanted = tableField(field.getName());
      if (wanted == null) {
        out.add(i);
        why.add("column " + field.getName() + " is not in the table's schema");
      } else if (field.getType().equals(wanted.getType()) || isComplex(wanted.getType())) {
        keep.add(i);
        targets.add(null);
      } else if (ColumnCast.supports(field.getType(), wanted.getType())) {
        keep.add(i);
        targets.add(new Field(field.getName(), FieldType.nullable(wanted.getType()), null));
      } else {
        out.add(i);
        why.add("column " + field.getName() + ": a " + CastType.name(field.getType())
            + " value cannot be stored in the table's " + CastType.name(wanted.getType()) + " column");
      }
    }
    current = new Plan(schema, keep.stream().mapToInt(Integer::intValue).toArray(), targets.toArray(new Field[0]),
        out.stream().mapToInt(Integer::intValue).toArray(), why.toArray(new String[0]));
    plan = current;
    return current;
  }

  private Field tableField(String name) {
    for (Field field : table.getFields()) {
      if (field.getName().equals(name)) {
        return field;
      }
    }
    return null;
  }

  private static boolean isComplex(ArrowType type) {
    return type instanceof ArrowType.Struct || type instanceof ArrowType.List || type instanceof ArrowType.Map;
  }
}
