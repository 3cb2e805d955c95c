package dev.logpro.core.transform;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Transform;
import dev.logpro.api.TransformFactory;
import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.api.config.Optional;
import dev.logpro.core.arrow.Batches;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/** The {@code flatten} transform: struct columns become one column per field. */
public final class FlattenTransformFactory implements TransformFactory<FlattenTransformFactory.Config> {

  /** The {@code flatten} transform's configuration. */
  @Doc("Replaces struct columns by one column per field, named parent, separator, child (geo.city becomes geo_city),"
      + " where the struct stood. A field is null where its struct is null. Lists are left as they are.")
  public record Config(
      @Doc("What joins a parent's name to its field's.") @Default("_") @Example("\"__\"") String separator,
      @Doc("How many levels of nesting to flatten; absent: all of them.") @Optional @Example("1") Integer depth,
      @Doc("The struct columns to flatten; absent: every struct column.") @Optional @Example("[geo]")
          List<String> columns) {
    /** A typical use, shown in the reference docs (a test parses it). */
    public static final String EXAMPLE = """
        - type: flatten
          separator: "_"
          depth: 1
        """;
    public Config {
      separator = separator == null ? "_" : separator;
      if (depth != null && depth < 1) {
        throw new IllegalArgumentException("depth: must be at least 1 (absent: every level)");
      }
      columns = columns == null ? null : List.copyOf(columns);
    }
  }

  /** For {@link java.util.ServiceLoader}. */
  public FlattenTransformFactory() {}

  @Override
  public String type() {
    return "flatten";
  }

  @Override
  public String description() {
    return "Turns struct columns into one column per field (parent_child).";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Transform create(Config config, ComponentContext context) {
    return new Flatten(config, context.allocator());
  }

  /**
   * Shares each field's values when no struct above it is null; otherwise copies them and nulls the rows whose
   * struct is null (the input's buffers are shared, so they are never written to).
   */
  static final class Flatten implements Transform {
    private final Config config;
    private final BufferAllocator allocator;

    Flatten(Config config, BufferAllocator allocator) {
      this.config = config;
      this.allocator = allocator;
    }

    @Override
    public Result apply(VectorSchemaRoot input) {
      if (config.columns() != null) {
        for (String name : config.columns()) {
          int index = CastTransformFactory.indexOf(input.getSchema(), name);
          if (index < 0 || !(input.getVector(index) instanceof StructVector)) {
            throw new IllegalArgumentException("columns: no struct column " + name + " in the batch");
          }
        }
      }
      int rows = input.getRowCount();
      List<FieldVector> out = new ArrayList<>();
      try {
        for (FieldVector vector : input.getFieldVectors()) {
          boolean chosen = config.columns() == null || config.columns().contains(vector.getName());
          if (vector instanceof StructVector struct && chosen) {
            flatten(struct, vector.getName(), null, 1, rows, out);
          } else {
            out.add(Batches.share(vector, rows, allocator));
          }
        }
        Set<String> names = new HashSet<>();
        for (FieldVector vector : out) {
          if (!names.add(vector.getName())) {
            throw new IllegalArgumentException("separator: two columns would both be called " + vector.getName());
          }
        }
      } catch (RuntimeException | Error e) {
        AutoCloseables.closeNoChecked(() -> AutoCloseables.close(out));
        throw e;
      }
      return new Result(Batches.root(out, rows), List.of());
    }

    /**
     * Adds the fields of {@code struct} (named {@code prefix}) to {@code out}.
     *
     * @param nullRows rows where a struct above is null, or {@code null} when none is
     */
    private void flatten(StructVector struct, String prefix, boolean[] nullRows, int level, int rows,
        List<FieldVector> out) {
      boolean[] nulls = nullRows;
      if (struct.getNullCount() > 0) {
        nulls = nullRows == null ? new boolean[rows] : nullRows.clone();
        for (int row = 0; row < rows; row++) {
          nulls[row] |= struct.isNull(row);
        }
      }
      for (String name : struct.getChildFieldNames()) {
        FieldVector child = (FieldVector) struct.getChild(name);
        String flatName = prefix + config.separator() + name;
        boolean deeper = config.depth() == null || level < config.depth();
        if (child instanceof StructVector nested && deeper) {
          flatten(nested, flatName, nulls, level + 1, rows, out);
          continue;
        }
        Field field = new Field(flatName, child.getField().getFieldType(), child.getField().getChildren());
        out.add(nulls == null ? Batches.share(child, field, rows, allocator) : copyWithNulls(child, field, nulls, rows));
      }
    }

    private FieldVector copyWithNulls(ValueVector child, Field field, boolean[] nulls, int rows) {
      FieldVector copy = field.createVector(allocator);
      try {
        copy.setInitialCapacity(rows);
        copy.allocateNew();
        for (int row = 0; row < rows; row++) {
          if (!nulls[row]) {
            copy.copyFromSafe(row, row, child);
          }
        }
        copy.setValueCount(rows);
        return copy;
      } catch (RuntimeException | Error e) {
        copy.close();
        throw e;
      }
    }
  }
}
