package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.core.config.ConfigException;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.PipelineState;
import dev.logpro.core.pipeline.RunSummary;
import dev.logpro.testkit.EventFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API: the same engine as the command, built in code. */
class LibraryApiTest {
  @TempDir Path dir;

  @Test
  void builderRunsAPipelineIntoIceberg() throws Exception {
    EventFiles.writeCsv(dir.resolve("in"), 2, 250);
    Pipeline pipeline = Pipeline.builder()
        .id("from-code")
        .source("file", Map.of("path", dir.resolve("in").toString(), "format", "csv"))
        .format("csv", Map.of("delimiter", ","))
        .sink("iceberg", Map.of("warehouse", dir.resolve("wh").toString(), "namespace", "analytics",
            "table", "events", "partition_by", List.of("day(ts)")))
        .deadLetters("file", Map.of("path", dir.resolve("dlq").toString()))
        .processing(Map.of("memory_limit_mb", 64))
        .build();
    assertThat(pipeline.state()).isEqualTo(PipelineState.INIT);

    RunSummary summary = pipeline.run();

    assertThat(pipeline.state()).isEqualTo(PipelineState.CLOSED);
    assertThat(summary.rowsWritten()).isEqualTo(500);
    assertThat(summary.arrowBytesOutstanding()).isZero();
    assertThat(Warehouse.rows(Warehouse.table(dir.resolve("wh"), "analytics", "events"))).hasSize(500);
  }

  @Test
  void builderRunsAPipelineIntoParquetFilesWithACheckpointStore() throws Exception {
    EventFiles.writeCsv(dir.resolve("in"), 2, 250);
    Pipeline.Builder builder = Pipeline.builder()
        .id("parquet-from-code")
        .source("file", Map.of("path", dir.resolve("in").toString(), "format", "csv"))
        .sink("parquet", Map.of("path", dir.resolve("out").toString(), "partition_by", List.of("country")))
        .deadLetters("file", Map.of("path", dir.resolve("dlq").toString()))
        .checkpointStore("local", Map.of("dir", dir.resolve("checkpoints").toString()));

    RunSummary first = builder.build().run();
    RunSummary again = builder.build().run();

    assertThat(first.rowsWritten()).isEqualTo(500);
    assertThat(again.rowsWritten()).as("positions were saved").isZero();
    assertThat(ParquetOutput.events(dir.resolve("out"), false)).hasSize(500);
    assertThat(dir.resolve("dlq")).doesNotExist();
  }

  @Test
  void builderValidatesLikeTheCommand() {
    assertThatThrownBy(() -> Pipeline.builder()
            .id("bad")
            .source("file", Map.of("format", "csv"))
            .sink("iceberg", Map.of("table", "t", "file_size_mb", "huge"))
            .build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.file.path: required")
        .hasMessageContaining("sink.iceberg.file_size_mb: expected an integer, got 'huge'");
  }

  @Test
  void stdoutSinkPrintsRowsAsJsonLines() throws Exception {
    EventFiles.writeCsv(dir.resolve("in"), 1, 3);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.out;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      Pipeline.fromYaml("""
          pipeline: peek
          source: {type: file, file: {path: %s, format: csv}}
          sink: {type: stdout}
          reliability: {dlq: {type: file, path: %s}}
          """.formatted(dir.resolve("in"), dir.resolve("dlq"))).run();
    } finally {
      System.setOut(saved);
    }
    List<String> lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    EventFiles.Event first = EventFiles.event(0, 0);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("{\"id\":\"f0-r0\",\"ts\":\"" + first.ts() + "\",\"user_id\":" + first.userId())
        .contains("\"zip\":\"" + first.zip() + "\"");
  }
}
