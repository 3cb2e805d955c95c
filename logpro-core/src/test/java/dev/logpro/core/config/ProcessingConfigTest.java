package dev.logpro.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.core.registry.Registry;
import dev.logpro.core.transform.FilterTransformFactory;
import dev.logpro.core.transform.ProjectTransformFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** processing.transforms and processing.validate: parsed, and every mistake reported with its path. */
class ProcessingConfigTest {
  private static final Registry REGISTRY = Registry.load();
  private static final String HEAD = """
      source: {type: file, file: {path: data, format: csv}}
      sink: {type: stdout}
      """;

  private static PipelineConfig parse(String processing) {
    return new PipelineConfigParser(REGISTRY).parse(YamlLoader.load(HEAD + processing, Map.<String, String>of()::get),
        "test");
  }

  private static List<String> errors(String processing) {
    try {
      parse(processing);
    } catch (ConfigException e) {
      return e.errors().stream().map(ConfigError::toString).toList();
    }
    throw new AssertionError("expected config errors");
  }

  @Test
  void transformsAreComponentsWithOptionsBesideOrUnderTheirType() {
    PipelineConfig config = parse("""
        processing:
          transforms:
            - type: filter
              where: "status != 'deleted' && latency_ms < 500.0"
            - type: project
              project: {drop: [debug]}
          validate:
            - not_null: [id]
            - {expr: "id > 0", name: positive}
        """);
    assertThat(config.transforms()).extracting(ComponentConfig::type).containsExactly("filter", "project");
    assertThat(config.transforms().get(0).path()).isEqualTo("processing.transforms[0]");
    assertThat(((FilterTransformFactory.Config) config.transforms().get(0).config()).where())
        .isEqualTo("status != 'deleted' && latency_ms < 500.0");
    assertThat(((ProjectTransformFactory.Config) config.transforms().get(1).config()).drop()).containsExactly("debug");
    assertThat(config.processing().validate()).hasSize(2);
    assertThat(config.processing().validate().get(1).name()).isEqualTo("positive");
  }

  @Test
  void everyMistakeIsReportedWithItsPath() {
    assertThat(errors("""
        processing:
          transforms:
            - type: filter
              where: "latency_ms < "
            - type: explode
            - {type: cast, columns: {id: bigger}}
            - {type: hash, columns: [id]}
            - 42
          validate:
            - {not_null: [id], regex: {zip: "[0-9]{5}"}}
            - {range: {latency_ms: [0]}}
            - {expr: "a &&"}
            - {unique: [id]}
        """)).containsExactlyInAnyOrder(
        "processing.transforms[0].where: cannot compile CEL: 1:14: mismatched input '<EOF>' expecting {'[', '{', '(',"
            + " '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}",
        "processing.transforms[1].type: unknown transform type 'explode' (expected one of: cast, deduplicate, enrich,"
            + " filter, flatten, hash, mask, project, timestamp)",
        "processing.transforms[2].columns.id: unknown type 'bigger' (expected one of: long, int, double,"
            + " decimal(p,s), boolean, string, date, timestamp, timestamptz)",
        "processing.transforms[3].into: required",
        "processing.transforms[4]: expected a map, got '42'",
        "processing.validate[0]: give exactly one of not_null, range, regex, allowed, expr (got 2)",
        "processing.validate[1].range.latency_ms: expected [min, max] with at least one bound",
        "processing.validate[2].expr: cannot compile CEL: 1:5: mismatched input '<EOF>' expecting"
            + " {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES,"
            + " IDENTIFIER}",
        "processing.validate[3].unique: unknown key (expected one of: allowed, expr, name, not_null, range, regex)");
  }
}
