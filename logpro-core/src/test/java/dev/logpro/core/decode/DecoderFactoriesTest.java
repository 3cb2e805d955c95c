package dev.logpro.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.DecoderFactory;
import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Optional;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DecoderFactoriesTest {

  @Test
  void registersTheCoreDecodersWithDocumentedConfig() {
    List<DecoderFactory<?>> factories = ServiceLoader.load(DecoderFactory.class).stream()
        .<DecoderFactory<?>>map(ServiceLoader.Provider::get)
        .filter(f -> f.getClass().getPackageName().equals(CsvDecoderFactory.class.getPackageName()))
        .toList();
    assertThat(factories).extracting(DecoderFactory::type).containsExactlyInAnyOrder("csv", "json", "ndjson");
    for (DecoderFactory<?> factory : factories) {
      assertThat(factory.description()).isNotBlank();
      Class<?> config = factory.configType();
      assertThat(config.getAnnotation(Doc.class)).as(config.getName()).isNotNull();
      for (RecordComponent component : config.getRecordComponents()) {
        assertThat(component.getAnnotation(Doc.class)).as(component.getName()).isNotNull();
        assertThat(component.getName()).matches("[a-z][a-z0-9_]*");
        assertThat(component.getAnnotation(Default.class) != null || component.getAnnotation(Optional.class) != null)
            .as("%s has a default or is optional", component.getName()).isTrue();
      }
    }
  }

  @Test
  void defaultsMatchTheAnnotations() throws Exception {
    var defaults = CsvDecoderFactory.Config.defaults();
    for (RecordComponent component : CsvDecoderFactory.Config.class.getRecordComponents()) {
      Default annotation = component.getAnnotation(Default.class);
      if (annotation != null) {
        assertThat(String.valueOf(component.getAccessor().invoke(defaults))).isEqualTo(annotation.value());
      }
    }
  }
}
