package dev.logpro.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transforms and validation rules through the real engine: parallel decode workers, file DLQ, memory budget. */
class TransformPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @BeforeEach
  void reset() {
    RecordingSinkFactory.reset();
  }

  private Pipeline pipeline(String processing) {
    return Pipeline.fromYaml("""
        pipeline: transform-test
        source: {type: file, file: {path: %s, format: csv, chunk_size_kb: 4}}
        sink: {type: recording}
        reliability: {dlq: {type: file, path: %s}}
        processing:
          memory_limit_mb: 32
          decode_threads: 2
        %s
        """.formatted(dir.resolve("in"), dir.resolve("dlq"), processing.indent(2)));
  }

  private void csv(String name, int rows, java.util.function.IntFunction<String> row) throws Exception {
    StringBuilder text = new StringBuilder("id,k,latency_ms,status\n");
    for (int i = 0; i < rows; i++) {
      text.append(row.apply(i)).append('\n');
    }
    Files.createDirectories(dir.resolve("in"));
    Files.writeString(dir.resolve("in").resolve(name), text);
  }

  private List<JsonNode> deadLetters() throws Exception {
    List<JsonNode> letters = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve("dlq"))) {
      for (Path file : files.toList()) {
        for (String line : Files.readAllLines(file)) {
          letters.add(JSON.readTree(line));
        }
      }
    }
    return letters;
  }

  @Test
  void deduplicatesAcrossChunksInSourceOrderOnTwoWorkers() throws Exception {
    csv("a.csv", 20_000, i -> i + ",k" + (i % 1000) + ",1.0,ok");
    RunSummary summary = pipeline("""
        transforms:
          - {type: deduplicate, key: [k]}
        """).run();
    assertThat(summary.rowsRead()).isEqualTo(20_000);
    assertThat(summary.rowsWritten()).isEqualTo(1000);
    assertThat(RecordingSinkFactory.IDS).as("the first row of each key, in order")
        .containsExactlyElementsOf(LongStream.range(0, 1000).boxed().toList());
    assertThat(summary.arrowBytesOutstanding()).isZero();
  }

  @Test
  void filteredRowsAreGoneAndFailingRowsAreDeadLettersNamingTheirRule() throws Exception {
    csv("a.csv", 3000, i -> i + ",k" + i + "," + (i % 10 == 0 ? "" : i % 600) + "," + (i % 7 == 0 ? "deleted" : "ok"));
    RunSummary summary = pipeline("""
        transforms:
          - type: filter
            where: "status != 'deleted'"
          - type: project
            columns: [id, latency_ms]
        validate:
          - not_null: [latency_ms]
          - range: {latency_ms: [0, 499]}
        """).run();

    long deleted = LongStream.range(0, 3000).filter(i -> i % 7 == 0).count();
    long nulls = LongStream.range(0, 3000).filter(i -> i % 7 != 0 && i % 10 == 0).count();
    long slow = LongStream.range(0, 3000).filter(i -> i % 7 != 0 && i % 10 != 0 && i % 600 > 499).count();
    assertThat(summary.rowsWritten()).isEqualTo(3000 - deleted - nulls - slow);
    assertThat(summary.deadLetters()).isEqualTo(nulls + slow);
    assertThat(RecordingSinkFactory.IDS).doesNotContain(0L, 7L, 10L, 599L).contains(1L, 499L);
    List<JsonNode> letters = deadLetters();
    assertThat(letters.stream().filter(l -> l.get("error").asText().startsWith("rule not_null[0]:"))).hasSize(
        (int) nulls);
    assertThat(letters.stream().filter(l -> l.get("error").asText().startsWith("rule range[1]:"))).hasSize((int) slow);
    JsonNode first = letters.stream().filter(l -> l.get("raw").asText().equals("{\"id\":10,\"latency_ms\":null}"))
        .findFirst().orElseThrow();
    assertThat(first.get("stage").asText()).isEqualTo("validate");
    assertThat(first.get("source").asText()).isEqualTo(dir.resolve("in/a.csv").toString());
    assertThat(first.get("position").asText()).as("the start of its chunk, after the header")
        .isEqualTo(String.valueOf("id,k,latency_ms,status\n".length()));
    assertThat(summary.arrowBytesOutstanding()).isZero();
  }

  @Test
  void rowsAnExpressionCannotBeCompiledForAreDeadLettersNamingTheStepAndTheRunGoesOn() throws Exception {
    csv("a.csv", 100, i -> i + ",k,1.0,ok");
    Pipeline pipeline = pipeline("""
        transforms:
          - {type: filter, where: "latency > 5.0"}
        """);

    RunSummary summary = pipeline.run();

    assertThat(summary.rowsWritten()).isZero();
    assertThat(summary.deadLetters()).isEqualTo(100);
    assertThat(RecordingSinkFactory.IDS).isEmpty();
    assertThat(deadLetters()).hasSize(100).allSatisfy(l -> assertThat(l.get("error").asText())
        .contains("processing.transforms[0] filter: where: cannot compile CEL")
        .contains("undeclared reference to 'latency'"));
  }
}
