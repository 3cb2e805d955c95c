package dev.logpro.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.core.checkpoint.LocalCheckpointStoreConfig;
import dev.logpro.core.registry.Registry;
import dev.logpro.core.sink.stdout.StdoutSinkConfig;
import dev.logpro.core.source.file.FileSourceConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineConfigParserTest {
  private static final Registry REGISTRY = Registry.load();

  private static PipelineConfig parse(String yaml, Map<String, String> env, String defaultId) {
    return new PipelineConfigParser(REGISTRY).parse(YamlLoader.load(yaml, env::get), defaultId);
  }

  private static List<String> errors(String yaml) {
    try {
      parse(yaml, Map.of(), "test");
    } catch (ConfigException e) {
      return e.errors().stream().map(ConfigError::toString).toList();
    }
    throw new AssertionError("expected config errors");
  }

  @Test
  void bindsAValidConfigWithDefaults() {
    PipelineConfig config = parse("""
        source:
          type: file
          file: {path: data, format: csv}
          csv: {delimiter: ";"}
        sink:
          type: stdout
        """, Map.of(), "events");
    assertThat(config.id()).isEqualTo("events");
    FileSourceConfig file = (FileSourceConfig) config.source().config();
    assertThat(file.path()).isEqualTo("data");
    assertThat(file.chunk_size_kb()).isEqualTo(4096);
    assertThat(config.decoder().type()).isEqualTo("csv");
    assertThat(config.sink().config()).isEqualTo(new StdoutSinkConfig(0));
    assertThat(config.deadLetterQueue().type()).isEqualTo("file");
    assertThat(config.processing().memory_limit_mb()).isEqualTo(512);
  }

  @Test
  void flatComponentOptionsAndPipelineIdFromTheFile() {
    PipelineConfig config = parse("""
        pipeline: my-events
        source: {type: file, path: data, format: ndjson}
        sink: {type: stdout, max_rows: 3}
        reliability:
          dlq: {type: file, path: /tmp/x}
        """, Map.of(), "ignored");
    assertThat(config.id()).isEqualTo("my-events");
    assertThat(((StdoutSinkConfig) config.sink().config()).max_rows()).isEqualTo(3);
  }

  @Test
  void replacesEnvironmentVariablesWithDefaults() {
    PipelineConfig config = parse("""
        source: {type: file, file: {path: "${DATA}/in", format: csv}}
        sink: {type: stdout, stdout: {max_rows: "${ROWS:-7}"}}
        """, Map.of("DATA", "/srv/data"), "p");
    assertThat(((FileSourceConfig) config.source().config()).path()).isEqualTo("/srv/data/in");
    assertThat(((StdoutSinkConfig) config.sink().config()).max_rows()).isEqualTo(7);
  }

  @Test
  void reportsAnUnsetVariableWithItsPath() {
    assertThat(errors("""
        source: {type: file, file: {path: "${NOPE_NOT_SET}", format: csv}}
        sink: {type: stdout}
        """)).containsExactly("source.file.path: environment variable NOPE_NOT_SET is not set");
  }

  @Test
  void reportsMissingRequiredKeys() {
    assertThat(errors("""
        source: {type: file, file: {format: csv}}
        """)).containsExactlyInAnyOrder("source.file.path: required", "sink: required");
  }

  @Test
  void reportsUnknownKeysAtEveryLevel() {
    assertThat(errors("""
        source: {type: file, file: {path: x, format: csv, formt: 1}}
        sink: {type: stdout}
        processing: {memory_limit: 5}
        extra: 1
        """)).containsExactlyInAnyOrder(
            "extra: unknown section (expected one of: observability, pipeline, processing, reliability, sink, source)",
            "source.file.formt: unknown key — did you mean format?",
            "processing.memory_limit: unknown key — did you mean memory_limit_mb?");
  }

  @Test
  void anUnknownKeyFarFromEveryKnownOneListsThem() {
    assertThat(errors("""
        source: {type: file, file: {path: x, format: csv, bogus: 1}}
        sink: {type: stdout}
        """)).containsExactly(
            "source.file.bogus: unknown key (expected one of: chunk_size_kb, format, max_record_size_mb, path)");
  }

  @Test
  void aMistypedRequiredKeyIsReportedOnceAsTheMistake() {
    assertThat(errors("""
        source: {type: file, file: {path: x, formt: csv}}
        sink: {type: stdout}
        """)).containsExactly("source.file.formt: unknown key — did you mean format?");
  }

  @Test
  void mistypedSectionsAndTypesNameTheClosestOne() {
    assertThat(errors("""
        source: {type: file, file: {path: x, format: cvs}}
        sink: {type: stdot}
        processign: {}
        """)).containsExactlyInAnyOrder(
            "source.file.format: unknown format 'cvs' — did you mean csv?",
            "sink.type: unknown sink type 'stdot' — did you mean stdout?",
            "processign: unknown section — did you mean processing?");
  }

  @Test
  void anUnknownFormatIsReportedWithTheSourcesOtherErrors() {
    assertThat(errors("""
        source: {type: file, file: {path: x, format: xml, chunk_size_kb: 0}}
        sink: {type: stdout}
        """)).containsExactlyInAnyOrder(
            "source.file.chunk_size_kb: must be at least 1",
            "source.file.format: unknown format 'xml' (expected one of: csv, json, ndjson)");
    assertThat(errors("""
        source: {type: file, path: x, format: xml, chunk_size_kb: lots}
        sink: {type: stdout}
        """)).containsExactlyInAnyOrder(
            "source.chunk_size_kb: expected an integer, got 'lots'",
            "source.file.format: unknown format 'xml' (expected one of: csv, json, ndjson)");
  }

  @Test
  void reportsWrongTypes() {
    assertThat(errors("""
        source: {type: file, file: {path: [a, b], format: csv, chunk_size_kb: lots}}
        sink: {type: stdout}
        observability: {progress: sometimes}
        """)).containsExactlyInAnyOrder(
            "source.file.path: expected a string, got a list",
            "source.file.chunk_size_kb: expected an integer, got 'lots'",
            "observability.progress: expected one of auto, always, never, got 'sometimes'");
  }

  @Test
  void reportsUnknownTypesWithTheChoices() {
    assertThat(errors("""
        source: {type: kafkaa}
        sink: {type: stdout}
        """)).singleElement().asString().startsWith("source.type: unknown source type 'kafkaa' (expected one of: file");
  }

  @Test
  void reportsUnknownFormats() {
    assertThat(errors("""
        source: {type: file, file: {path: x, format: xml}}
        sink: {type: stdout}
        """)).singleElement().asString().startsWith("source.file.format: unknown format 'xml'");
  }

  @Test
  void reportsARecordsOwnChecksAtTheField() {
    assertThat(errors("""
        source: {type: file, file: {path: x, format: csv}}
        sink: {type: stdout}
        processing: {memory_limit_mb: 1}
        """)).containsExactly("processing.memory_limit_mb: must be at least 16");
  }

  @Test
  void aCheckpointStoreIsAComponentOrJustItsType() {
    String yaml = """
        source: {type: file, file: {path: x, format: csv}}
        sink: {type: stdout}
        reliability: {checkpoint_store: %s}
        """;
    PipelineConfig compact = parse(yaml.formatted("local"), Map.of(), "p");
    PipelineConfig full = parse(yaml.formatted("{type: local, dir: /var/cp}"), Map.of(), "p");
    PipelineConfig nested = parse(yaml.formatted("{type: local, local: {dir: /var/cp}}"), Map.of(), "p");

    assertThat(compact.checkpointStore().type()).isEqualTo("local");
    assertThat(compact.checkpointStore().config()).isEqualTo(new LocalCheckpointStoreConfig("./checkpoints"));
    assertThat(full.checkpointStore().config()).isEqualTo(new LocalCheckpointStoreConfig("/var/cp"));
    assertThat(nested.checkpointStore().path()).isEqualTo("reliability.checkpoint_store.local");
    assertThat(parse(yaml.formatted("none"), Map.of(), "p").checkpointStore()).isNull();
    assertThat(parse(yaml.formatted("{type: none}"), Map.of(), "p").checkpointStore()).isNull();
    assertThat(parse("""
        source: {type: file, file: {path: x, format: csv}}
        sink: {type: stdout}
        """, Map.of(), "p").checkpointStore()).isNull();
  }

  @Test
  void reportsABadCheckpointStoreWithItsPath() {
    String yaml = """
        source: {type: file, file: {path: x, format: csv}}
        sink: {type: stdout}
        reliability: %s
        """;
    assertThat(errors(yaml.formatted("{checkpoint_store: redis}"))).singleElement().asString()
        .startsWith("reliability.checkpoint_store.type: unknown checkpoint store type 'redis' (expected one of: local");
    assertThat(errors(yaml.formatted("{checkpoint_store: {type: local, dir: ''}}")))
        .containsExactly("reliability.checkpoint_store.dir: must not be empty");
    assertThat(errors(yaml.formatted("{checkpoint_store: {type: local, path: x}}")))
        .containsExactly("reliability.checkpoint_store.path: unknown key (expected one of: dir)");
    assertThat(errors(yaml.formatted("{checkpoint_store: local, checkpoint_dir: /var/cp}")))
        .containsExactly("reliability.checkpoint_dir: moved: write checkpoint_store: {type: local, dir: ...}");
  }

  @Test
  void reportsInvalidYamlWithItsLine() {
    assertThatThrownBy(() -> parse("source: {type: file\nsink: [", Map.of(), "p"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid YAML at line");
  }

  @Test
  void requiresAnIdWhenNotFromAFile() {
    assertThatThrownBy(() -> parse("source: {type: file, file: {path: x, format: csv}}\nsink: {type: stdout}",
        Map.of(), null)).hasMessage("pipeline: required when the config does not come from a file");
  }
}
