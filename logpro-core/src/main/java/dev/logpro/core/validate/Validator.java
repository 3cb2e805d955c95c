package dev.logpro.core.validate;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
import dev.logpro.core.arrow.Batches;
import dev.logpro.core.arrow.RowJson;
import dev.logpro.core.transform.KeepsColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Checks every row against the rules of {@code processing.validate}, in order. A row that fails a rule goes to the
 * dead-letter queue (stage {@code validate}) as JSON with the rule that failed first, named in its error
 * ({@code rule not_null[0]: column user_id is null}); the rows that pass every rule go on, copied only when some
 * row failed.
 */
public final class Validator implements Transform, KeepsColumns {
  public static final String STAGE = "validate";

  private final List<Check.Rule> rules = new ArrayList<>();
  private final List<String> labels = new ArrayList<>();
  private final List<String> paths = new ArrayList<>();
  private final BufferAllocator allocator;

  /**
   * @param rules the rules, as configured
   * @param path where they are configured ({@code processing.validate}), for errors
   */
  public Validator(List<ValidationRule> rules, String path, BufferAllocator allocator) {
    this.allocator = allocator;
    for (int i = 0; i < rules.size(); i++) {
      ValidationRule rule = rules.get(i);
      this.rules.add(Rules.of(rule));
      String label = rule.name() != null ? rule.name() + " (" + rule.kind() + ")" : rule.kind() + "[" + i + "]";
      labels.add(label);
      paths.add(path + "[" + i + "]");
    }
  }

  @Override
  public Result apply(VectorSchemaRoot input) {
    List<Check> checks = new ArrayList<>(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      try {
        checks.add(rules.get(i).bind(input));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(paths.get(i) + "." + e.getMessage(), e);
      }
    }
    int rows = input.getRowCount();
    int[] kept = new int[rows];
    int count = 0;
    List<DeadLetter> deadLetters = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      String failure = null;
      int failed = -1;
      for (int i = 0; i < checks.size() && failure == null; i++) {
        failure = checks.get(i).test(row);
        failed = i;
      }
      if (failure == null) {
        kept[count++] = row;
      } else {
        deadLetters.add(new DeadLetter(RowJson.of(input, row), "rule " + labels.get(failed) + ": " + failure, STAGE,
            null, null, System.currentTimeMillis()));
      }
    }
    if (rows == 0) {
      return new Result(Batches.shareAll(input, allocator), deadLetters);
    }
    return new Result(Batches.select(input, kept, count, allocator), deadLetters);
  }
}
