package dev.logpro.core.transform;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Transform;
import dev.logpro.api.TransformFactory;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.api.config.Optional;
import dev.logpro.core.arrow.Batches;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The {@code project} transform: chooses, orders, renames and drops columns. */
public final class ProjectTransformFactory implements TransformFactory<ProjectTransformFactory.Config> {

  /** The {@code project} transform's configuration. */
  @Doc("Chooses, orders, renames and drops columns. Kept columns are passed on without copying their values.")
  public record Config(
      @Doc("The columns to keep, in this order; absent: every column, in the batch's order.")
          @Optional @Example("[id, ts, user_id, latency_ms]") List<String> columns,
      @Doc("New names for columns, old: new; applied after choosing the columns.")
          @Optional @Example("{latency_ms: latency}") Map<String, String> rename,
      @Doc("Columns to leave out.") @Optional @Example("[debug]") List<String> drop) {
    /** A typical use, shown in the reference docs (a test parses it). */
    public static final String EXAMPLE = """
        - type: project
          columns: [event_id, ts, user_id, latency_ms]
          rename: {latency_ms: latency}
        - type: project
          drop: [debug]
        """;
    public Config {
      columns = columns == null ? null : List.copyOf(columns);
      rename = rename == null ? Map.of() : new LinkedHashMap<>(rename);
      drop = drop == null ? List.of() : List.copyOf(drop);
      if (columns == null && rename.isEmpty() && drop.isEmpty()) {
        throw new IllegalArgumentException("columns: give columns, rename or drop (the transform does nothing)");
      }
      if (columns != null && new HashSet<>(columns).size() != columns.size()) {
        throw new IllegalArgumentException("columns: a column is listed twice");
      }
      for (String name : drop) {
        if (columns != null && columns.contains(name)) {
          throw new IllegalArgumentException("drop: column " + name + " is also in columns");
        }
      }
      Set<String> targets = new HashSet<>();
      for (String target : rename.values()) {
        if (target == null || target.isBlank() || !targets.add(target)) {
          throw new IllegalArgumentException("rename: new names must be non-empty and distinct");
        }
      }
    }
  }

  /** For {@link java.util.ServiceLoader}. */
  public ProjectTransformFactory() {}

  @Override
  public String type() {
    return "project";
  }

  @Override
  public String description() {
    return "Chooses, orders, renames and drops columns.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Transform create(Config config, ComponentContext context) {
    return new Project(config, context.allocator());
  }

  /** Shares the kept columns under their new names. */
  static final class Project implements Transform {
    private final Config config;
    private final BufferAllocator allocator;
    private volatile Plan plan;

    Project(Config config, BufferAllocator allocator) {
      this.config = config;
      this.allocator = allocator;
    }

    /** For one input schema: which input column each output column comes from, and its output field. */
    private record Plan(Schema input, int[] sources, Field[] fields) {}

    @Override
    public Result apply(VectorSchemaRoot input) {
      Plan current = plan(input.getSchema());
      List<FieldVector> out = new ArrayList<>(current.sources.length);
      try {
        for (int i = 0; i < current.sources.length; i++) {
          out.add(Batches.share(input.getVector(current.sources[i]), current.fields[i], input.getRowCount(),
              allocator));
        }
      } catch (RuntimeException | Error e) {
        AutoCloseables.closeNoChecked(() -> AutoCloseables.close(out));
        throw e;
      }
      return new Result(Batches.root(out, input.getRowCount()), List.of());
    }

    private Plan plan(Schema schema) {
      Plan current = plan;
      if (current != null && current.input.equals(schema)) {
        return current;
      }
      List<String> names = new ArrayList<>();
      schema.getFields().forEach(f -> names.add(f.getName()));
      check("columns", config.columns() == null ? List.of() : config.columns(), names);
      check("drop", config.drop(), names);
      check("rename", List.copyOf(config.rename().keySet()), names);
      List<String> kept = new ArrayList<>(config.columns() == null ? names : config.columns());
      kept.removeAll(config.drop());
      int[] sources = new int[kept.size()];
      Field[] fields = new Field[kept.size()];
      Set<String> outputNames = new HashSet<>();
      for (int i = 0; i < kept.size(); i++) {
        sources[i] = names.indexOf(kept.get(i));
        Field field = schema.getFields().get(sources[i]);
        String name = config.rename().getOrDefault(field.getName(), field.getName());
        if (!outputNames.add(name)) {
          throw new IllegalArgumentException("rename: two columns would both be called " + name);
        }
        fields[i] = new Field(name, field.getFieldType(), field.getChildren());
      }
      current = new Plan(schema, sources, fields);
      plan = current;
      return current;
    }

    private static void check(String key, List<String> wanted, List<String> names) {
      for (String name : wanted) {
        if (!names.contains(name)) {
          throw new IllegalArgumentException(key + ": no column " + name + " in the batch (it has: "
              + String.join(", ", names) + ")");
        }
      }
    }
  }
}
