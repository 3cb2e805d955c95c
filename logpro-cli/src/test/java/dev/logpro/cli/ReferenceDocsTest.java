package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.ComponentFactory;
import dev.logpro.api.config.Doc;
import dev.logpro.core.config.ConfigSpec;
import dev.logpro.core.config.PipelineConfig;
import dev.logpro.core.config.PipelineConfigParser;
import dev.logpro.core.config.YamlLoader;
import dev.logpro.core.registry.Kind;
import dev.logpro.core.registry.ReferenceDocs;
import dev.logpro.core.registry.Registry;
import dev.logpro.core.validate.ValidationRule;
import dev.logpro.testkit.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every component the distribution ships is documented, and docs/reference.md says what the code says. */
class ReferenceDocsTest {
  private final Registry registry = Registry.load();

  @Test
  void everyComponentAndFieldIsDocumented() {
    List<String> missing = new ArrayList<>();
    int components = 0;
    for (Kind kind : Kind.values()) {
      for (ComponentFactory<?, ?> factory : registry.factories(kind)) {
        components++;
        if (factory.description() == null || factory.description().isBlank()) {
          missing.add(kind.label() + " " + factory.type() + ": no description");
        }
        if (!factory.configType().isAnnotationPresent(Doc.class)) {
          missing.add(factory.configType().getName() + ": no @Doc");
        }
        missing.addAll(ConfigSpec.of(factory.configType()).undocumented());
      }
    }
    assertThat(components).isGreaterThanOrEqualTo(15);
    missing.addAll(ConfigSpec.of(ValidationRule.class).undocumented());
    assertThat(missing).isEmpty();
  }

  /** Every example the reference shows is a valid config: it cannot drift from the code either. */
  @Test
  void everyTransformHasAnExampleThatParsesAndSoDoTheValidationRules() {
    List<String> transforms = new ArrayList<>();
    for (ComponentFactory<?, ?> factory : registry.factories(Kind.TRANSFORM)) {
      String example = ReferenceDocs.example(factory.configType());
      assertThat(example).as("EXAMPLE of transform %s", factory.type()).isNotNull();
      transforms.add(example);
    }
    assertThat(transforms).hasSizeGreaterThanOrEqualTo(9);
    // Files the examples name (the enrich lookup) are checked, relative to the project root they are run from.
    String examples = String.join("", transforms).replace(" examples/", " " + TestData.projectRoot() + "/examples/");
    String yaml = "source: {type: file, file: {path: in, format: csv}}\nsink: {type: stdout}\nprocessing:\n"
        + "  transforms:\n" + examples.indent(4)
        + "  validate:\n" + ValidationRule.EXAMPLE.indent(4);
    PipelineConfig config = new PipelineConfigParser(registry).parse(YamlLoader.load(yaml, name -> null), "docs");
    assertThat(config.transforms()).hasSizeGreaterThanOrEqualTo(transforms.size());
    assertThat(config.processing().validate()).extracting(ValidationRule::kind)
        .containsExactly("not_null", "range", "regex", "allowed", "expr");
    assertThat(ReferenceDocs.markdown(registry)).contains("## Validation rules (`processing.validate[]`)")
        .contains("### `filter` (transform)").contains("    - type: deduplicate\n");
  }

  @Test
  void referenceDocsMatchTheCode() throws Exception {
    Path reference = TestData.projectRoot().resolve("docs/reference.md");
    assertThat(Files.readString(reference))
        .as("docs/reference.md is stale: regenerate it with ./logpro plugins > docs/reference.md")
        .isEqualTo(ReferenceDocs.markdown(registry));
  }
}
