package dev.logpro.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.core.config.ConfigError;
import dev.logpro.core.config.ConfigException;
import dev.logpro.core.config.PipelineConfig;
import dev.logpro.core.config.PipelineConfigParser;
import dev.logpro.core.config.YamlLoader;
import dev.logpro.core.registry.Registry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store's config as a user writes it in a pipeline, found by type through the registry. */
class PostgresCheckpointStoreConfigTest {

  private static PipelineConfig parse(String store, Map<String, String> env) {
    String yaml = """
        source: {type: file, file: {path: in, format: csv}}
        sink: {type: stdout}
        reliability:
          checkpoint_store: %s
        """.formatted(store);
    return new PipelineConfigParser(Registry.load()).parse(YamlLoader.load(yaml, env::get), "p");
  }

  @Test
  void thePasswordComesFromTheEnvironmentAndIsNeverPrinted() {
    PipelineConfig config = parse(
        "{type: postgres, url: 'jdbc:postgresql://db:5432/ops', user: logpro, password: '${PG_PASSWORD}'}",
        Map.of("PG_PASSWORD", "s3cret!"));
    PostgresCheckpointStoreConfig store = (PostgresCheckpointStoreConfig) config.checkpointStore().config();
    assertThat(config.checkpointStore().type()).isEqualTo("postgres");
    assertThat(store.password()).isEqualTo("s3cret!");
    assertThat(store.table()).isEqualTo("logpro_checkpoints");
    assertThat(store.timeout_s()).isEqualTo(10);
    assertThat(store.toString()).doesNotContain("s3cret").contains("password=****");
  }

  @Test
  void badOptionsAreNamedByTheirPath() {
    assertThatThrownBy(() -> parse("{type: postgres, user: logpro}", Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).extracting(ConfigError::toString)
            .containsExactly("reliability.checkpoint_store.url: required"));
    assertThatThrownBy(() -> parse(
        "{type: postgres, url: 'jdbc:postgresql://db/ops', user: u, table: 'x; DROP TABLE y'}", Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).extracting(ConfigError::toString)
            .containsExactly("reliability.checkpoint_store.table: expected a name of letters, digits and '_',"
                + " optionally schema.name, got 'x; DROP TABLE y'"));
    assertThatThrownBy(() -> parse("{type: postgres, url: 'jdbc:mysql://db/ops', user: u}", Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).extracting(ConfigError::toString)
            .containsExactly("reliability.checkpoint_store.url: expected a jdbc:postgresql: URL, got"
                + " 'jdbc:mysql://db/ops'"));
  }
}
