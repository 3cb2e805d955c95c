package dev.logpro.core.transform;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
import dev.logpro.api.TransformFactory;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.core.arrow.Batches;
import dev.logpro.core.arrow.RowJson;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The {@code filter} transform: keeps the rows for which a CEL expression is true. */
public final class FilterTransformFactory implements TransformFactory<FilterTransformFactory.Config> {

  /** The {@code filter} transform's configuration. */
  @Doc("Keeps the rows for which a CEL expression is true and drops the others.")
  public record Config(
      @Doc("A CEL expression over the row's columns, by name. A comparison or arithmetic on a null value cannot be"
          + " evaluated and counts as false (the row is dropped, as SQL's WHERE does); test for nulls with"
          + " `x == null`. A row whose expression fails for another reason (a division by zero) goes to the"
          + " dead-letter queue.")
          @Example("\"status != 'deleted' && latency_ms < 500.0\"")
          String where) {
    /** A typical use, shown in the reference docs (a test parses it). */
    public static final String EXAMPLE = """
        - type: filter
          where: "status != 'deleted' && latency_ms < 500.0"
        """;
    public Config {
      if (where == null) {
        throw new IllegalArgumentException("where: required");
      }
      try {
        CelPredicate.parse(where);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("where: " + e.getMessage());
      }
    }
  }

  /** For {@link java.util.ServiceLoader}. */
  public FilterTransformFactory() {}

  @Override
  public String type() {
    return "filter";
  }

  @Override
  public String description() {
    return "Keeps the rows for which a CEL expression is true.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Transform create(Config config, ComponentContext context) {
    return new Filter(CelPredicate.parse(config.where()), context.allocator());
  }

  /** Evaluates the expression for each row and copies the rows it keeps. */
  static final class Filter implements Transform, KeepsColumns {
    private final CelPredicate where;
    private final BufferAllocator allocator;

    Filter(CelPredicate where, BufferAllocator allocator) {
      this.where = where;
      this.allocator = allocator;
    }

    @Override
    public Result apply(VectorSchemaRoot input) {
      CelPredicate.Bound bound = bind(input);
      CelPredicate.Bound.Rows rows = bound.over(input);
      int count = input.getRowCount();
      int[] kept = new int[count];
      int keptCount = 0;
      List<DeadLetter> deadLetters = new ArrayList<>();
      for (int row = 0; row < count; row++) {
        switch (rows.test(row)) {
          case TRUE -> kept[keptCount++] = row;
          case FALSE, UNKNOWN -> { }
          case ERROR -> deadLetters.add(new DeadLetter(RowJson.of(input, row),
              "cannot evaluate where: " + rows.error(), "transform", null, null, System.currentTimeMillis()));
        }
      }
      if (count == 0) {
        return new Result(Batches.shareAll(input, allocator), deadLetters);
      }
      return new Result(Batches.select(input, kept, keptCount, allocator), deadLetters);
    }

    private CelPredicate.Bound bind(VectorSchemaRoot input) {
      try {
        return where.bind(input.getSchema());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("where: " + e.getMessage(), e);
      }
    }
  }
}
