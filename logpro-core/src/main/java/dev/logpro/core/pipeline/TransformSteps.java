package dev.logpro.core.pipeline;

import dev.logpro.api.ComponentContext;
import dev.logpro.core.config.ComponentConfig;
import dev.logpro.core.transform.ConformToTable;
import dev.logpro.core.transform.TransformChain;
import dev.logpro.core.validate.ValidationRule;
import dev.logpro.core.validate.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** Builds the steps every decoded batch goes through from a pipeline's config. */
final class TransformSteps {
  private TransformSteps() {}

  /**
   * The chain a pipeline's config describes: its transforms, in order, then its validation rules. The fit to the
   * table's schema ({@link ConformToTable}) comes after, in the sink's thread, against the table as it is then.
   *
   * @param table the existing table's schema, if any
   * @throws IllegalArgumentException naming the transform that cannot be built (a lookup that cannot be loaded)
   */
  static TransformChain of(List<ComponentConfig> transforms, List<ValidationRule> rules,
      Optional<Schema> table, ComponentContext context) {
    List<TransformChain.Step> steps = new ArrayList<>();
    try {
      for (int i = 0; i < transforms.size(); i++) {
        ComponentConfig config = transforms.get(i);
        String path = "processing.transforms[" + i + "]";
        try {
          steps.add(new TransformChain.Step(config.path(), path + " " + config.type(), config.create(context)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(TransformChain.at(config.path(), e.getMessage()), e);
        }
      }
      if (!rules.isEmpty()) {
        steps.add(new TransformChain.Step(null, null, new Validator(rules, "processing.validate", context.allocator())));
      }
      return new TransformChain(steps);
    } catch (RuntimeException | Error e) {
      new TransformChain(steps).close();
      throw e;
    }
  }
}
