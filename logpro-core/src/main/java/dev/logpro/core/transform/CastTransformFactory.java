package dev.logpro.core.transform;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Transform;
import dev.logpro.api.TransformFactory;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The {@code cast} transform: changes column types; a value that will not convert sends its row to the DLQ. */
public final class CastTransformFactory implements TransformFactory<CastTransformFactory.Config> {

  /** The {@code cast} transform's configuration. */
  @Doc("Changes the types of columns. A value that does not convert exactly (text that is no number, a fraction into"
      + " an integer, a number out of range) sends its row, as it was, to the dead-letter queue; nulls stay null."
      + " Text with an offset cast to timestamp is its UTC time; zone-less text cast to timestamptz is read as UTC"
      + " (use the timestamp transform for other zones and for epoch numbers). Decimals round half up. Empty text"
      + " becomes null in any type but string.")
  public record Config(
      @Doc("Column name: new type, one of " + CastType.NAMES + ".")
          @Example("{user_id: long, latency_ms: double, amount: \"decimal(12,2)\", ts: timestamptz}")
          Map<String, String> columns) {
    /** A typical use, shown in the reference docs (a test parses it). */
    public static final String EXAMPLE = """
        - type: cast
          columns: {user_id: long, price: \"decimal(10,2)\", is_bot: boolean, day: date}
        """;
    public Config {
      if (columns == null || columns.isEmpty()) {
        throw new IllegalArgumentException("columns: required (column: type)");
      }
      columns = new LinkedHashMap<>(columns);
      for (Map.Entry<String, String> e : columns.entrySet()) {
        try {
          CastType.parse(e.getValue());
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException("columns." + e.getKey() + ": " + ex.getMessage());
        }
      }
    }
  }

  /** For {@link java.util.ServiceLoader}. */
  public CastTransformFactory() {}

  @Override
  public String type() {
    return "cast";
  }

  @Override
  public String description() {
    return "Changes column types; a row with a value that does not convert goes to the dead-letter queue.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Transform create(Config config, ComponentContext context) {
    Map<String, ArrowType> types = new LinkedHashMap<>();
    config.columns().forEach((name, type) -> types.put(name, CastType.parse(type)));
    return new Cast(types, context.allocator());
  }

  /** Converts the named columns and shares the others. */
  static final class Cast implements Transform {
    private final Map<String, ArrowType> types;
    private final BufferAllocator allocator;
    private volatile Plan plan;

    Cast(Map<String, ArrowType> types, BufferAllocator allocator) {
      this.types = types;
      this.allocator = allocator;
    }

    private record Plan(Schema input, Field[] targets) {}

    @Override
    public Result apply(VectorSchemaRoot input) {
      return Conversions.convert(input, plan(input.getSchema()).targets, null, allocator, "transform");
    }

    private Plan plan(Schema schema) {
      Plan current = plan;
      if (current != null && current.input.equals(schema)) {
        return current;
      }
      Field[] targets = new Field[schema.getFields().size()];
      for (String name : types.keySet()) {
        int index = indexOf(schema, name);
        if (index < 0) {
          throw new IllegalArgumentException("columns: no column " + name + " in the batch");
        }
        Field field = schema.getFields().get(index);
        ArrowType type = types.get(name);
        if (!field.getType().equals(type)) {
          try {
            ColumnCast.check(name, field.getType(), type);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("columns: " + e.getMessage(), e);
          }
          targets[index] = new Field(name, FieldType.nullable(type), null);
        }
      }
      current = new Plan(schema, targets);
      plan = current;
      return current;
    }
  }

  static int indexOf(Schema schema, String name) {
    for (int i = 0; i < schema.getFields().size(); i++) {
      if (schema.getFields().get(i).getName().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
