package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.SinkFactory;
import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class IcebergSinkFactoryTest {

  @Test
  void isFoundByTypeThroughServiceLoader() {
    List<String> types = ServiceLoader.load(SinkFactory.class).stream()
        .map(p -> p.get().type()).toList();
    assertThat(types).contains("iceberg");
  }

  @Test
  void everyConfigFieldIsDocumentedWithADefaultOrMarkedRequired() {
    assertThat(IcebergSinkConfig.class.getAnnotation(Doc.class)).isNotNull();
    List<String> names = new java.util.ArrayList<>();
    for (RecordComponent component : IcebergSinkConfig.class.getRecordComponents()) {
      names.add(component.getName());
      assertThat(component.getAnnotation(Doc.class)).as(component.getName()).isNotNull();
      assertThat(component.getAnnotation(Example.class)).as(component.getName()).isNotNull();
      boolean hasDefault = component.getAnnotation(Default.class) != null;
      boolean optional = component.getAnnotation(dev.logpro.api.config.Optional.class) != null;
      assertThat(hasDefault || optional || component.getName().equals("table")).as(component.getName()).isTrue();
    }
    assertThat(names).containsExactly("warehouse", "namespace", "table", "partition_by", "file_size_mb",
        "compression", "commit_interval_s", "max_open_files", "catalog");
  }

  @Test
  void rejectsMissingTableAndNonPositiveSizes() {
    assertThatThrownBy(() -> new IcebergSinkConfig(null, null, null, null, 512, null, 60, null))
        .hasMessageContaining("table: required");
    assertThatThrownBy(() -> new IcebergSinkConfig(null, null, "t", null, 0, null, 60, null))
        .hasMessageContaining("file_size_mb: must be positive");
    assertThatThrownBy(() -> new IcebergSinkConfig(null, null, "t", null, 512, null, -1, null))
        .hasMessageContaining("commit_interval_s: must be 0 or more");
    IcebergSinkConfig defaults = IcebergSinkConfig.of("./wh", "t");
    assertThat(defaults.namespace()).isEqualTo("default");
    assertThat(defaults.compression()).isEqualTo(IcebergSinkConfig.Compression.ZSTD);
    assertThat(new IcebergSink(defaults).commitIntervalMillis()).isEqualTo(60_000);
    IcebergSinkConfig everyBatch = new IcebergSinkConfig(null, null, "t", null, 512, null, 0, null);
    assertThat(new IcebergSink(everyBatch).commitIntervalMillis()).isZero();
  }
}
