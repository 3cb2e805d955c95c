package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.ComponentFactory;
import dev.logpro.api.config.Doc;
import dev.logpro.core.config.ConfigSpec;
import dev.logpro.core.registry.Kind;
import dev.logpro.core.registry.ReferenceDocs;
import dev.logpro.core.registry.Registry;
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
    assertThat(components).isGreaterThanOrEqualTo(6);
    assertThat(missing).isEmpty();
  }

  @Test
  void referenceDocsMatchTheCode() throws Exception {
    Path reference = TestData.projectRoot().resolve("docs/reference.md");
    assertThat(Files.readString(reference))
        .as("docs/reference.md is stale: regenerate it with ./logpro plugins > docs/reference.md")
        .isEqualTo(ReferenceDocs.markdown(registry));
  }
}
