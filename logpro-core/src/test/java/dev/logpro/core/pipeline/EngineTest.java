package dev.logpro.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.Position;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine end to end over real files, with a sink that records what it was asked to commit. */
class EngineTest {
  @TempDir Path dir;

  @BeforeEach
  void reset() {
    RecordingSinkFactory.reset();
  }

  private Path csv(String name, int rows) throws Exception {
    StringBuilder text = new StringBuilder("id,name\n");
    for (int i = 0; i < rows; i++) {
      text.append(i).append(",n").append(i).append('\n');
    }
    return Files.writeString(dir.resolve(name), text);
  }

  private Pipeline pipeline(int failOnBatch) {
    return Pipeline.fromYaml("""
        pipeline: engine-test
        source: {type: file, file: {path: %s, format: csv, chunk_size_kb: 1}}
        sink: {type: recording, recording: {fail_on_batch: %d}}
        reliability: {dlq: {type: file, path: %s}}
        processing: {memory_limit_mb: 16, queue_depth: 2}
        """.formatted(dir.resolve("in"), failOnBatch, dir.resolve("dlq")));
  }

  @Test
  void commitsPositionsInOrderAndEndsAtTheEndOfEveryFile() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Path a = csv("in/a.csv", 500);
    Path b = csv("in/b.csv", 300);
    Pipeline pipeline = pipeline(0);

    RunSummary summary = pipeline.run();

    assertThat(summary.rowsWritten()).isEqualTo(800);
    assertThat(summary.arrowBytesOutstanding()).isZero();
    assertThat(pipeline.state()).isEqualTo(PipelineState.CLOSED);
    assertThat(RecordingSinkFactory.COMMITS).hasSizeGreaterThan(2);
    assertThat(RecordingSinkFactory.COMMITTED_ROWS.stream().mapToLong(Long::longValue).sum()).isEqualTo(800);
    Map<String, Position> last = RecordingSinkFactory.COMMITS.get(RecordingSinkFactory.COMMITS.size() - 1);
    assertThat(last).containsEntry(a.toString(), new Position(a.toString(), String.valueOf(Files.size(a))))
        .containsEntry(b.toString(), new Position(b.toString(), String.valueOf(Files.size(b))));
    long previous = 0;
    for (Map<String, Position> commit : RecordingSinkFactory.COMMITS) {
      long offset = commit.containsKey(a.toString()) ? Long.parseLong(commit.get(a.toString()).token()) : 0;
      assertThat(offset).isGreaterThanOrEqualTo(previous);
      previous = offset;
    }
  }

  @Test
  void parallelDecodeKeepsSourceOrder() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    csv("in/a.csv", 20_000);
    Pipeline pipeline = Pipeline.fromYaml("""
        pipeline: ordered
        source: {type: file, file: {path: %s, format: csv, chunk_size_kb: 1}}
        sink: {type: recording}
        reliability: {dlq: {type: file, path: %s}}
        processing: {decode_threads: 4, queue_depth: 2}
        """.formatted(dir.resolve("in"), dir.resolve("dlq")));

    RunSummary summary = pipeline.run();

    assertThat(summary.rowsWritten()).isEqualTo(20_000);
    assertThat(summary.arrowBytesOutstanding()).isZero();
    assertThat(RecordingSinkFactory.IDS).hasSize(20_000);
    for (int i = 0; i < 20_000; i++) {
      assertThat(RecordingSinkFactory.IDS.get(i)).isEqualTo(i);
    }
  }

  @Test
  void aMemoryLimitBelowWhatTheQueuesCouldHoldSlowsTheRunInsteadOfFailingIt() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    csv("in/a.csv", 2_000_000);
    Pipeline pipeline = Pipeline.fromYaml("""
        pipeline: squeezed
        source: {type: file, file: {path: %s, format: csv, chunk_size_kb: 2048}}
        sink: {type: recording, recording: {delay_ms: 20}}
        reliability: {dlq: {type: file, path: %s}}
        processing: {memory_limit_mb: 16, decode_threads: 4, queue_depth: 16}
        """.formatted(dir.resolve("in"), dir.resolve("dlq")));

    RunSummary summary = pipeline.run();

    assertThat(summary.rowsWritten()).isEqualTo(2_000_000);
    assertThat(summary.arrowBytesOutstanding()).isZero();
    assertThat(RecordingSinkFactory.IDS).hasSize(2_000_000);
  }

  @Test
  void aBatchBiggerThanTheWholeBudgetFailsWithTheSettingToChange() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    csv("in/a.csv", 2_000_000);
    Pipeline pipeline = Pipeline.fromYaml("""
        pipeline: too-small
        source: {type: file, file: {path: %s, format: csv, chunk_size_kb: 32768}}
        sink: {type: recording}
        reliability: {dlq: {type: file, path: %s}}
        processing: {memory_limit_mb: 16, memory_wait_ms: 100}
        """.formatted(dir.resolve("in"), dir.resolve("dlq")));

    assertThatThrownBy(pipeline::run).hasMessageContaining("processing.memory_limit_mb")
        .hasMessageContaining("chunk_size_kb");
    assertThat(pipeline.state()).isEqualTo(PipelineState.CLOSED);
  }

  @Test
  void aDrainLongerThanItsTimeoutCommitsWhatWasWrittenAndStops() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    csv("in/a.csv", 20_000);
    Pipeline pipeline = Pipeline.fromYaml("""
        pipeline: impatient
        source: {type: file, file: {path: %s, format: csv, chunk_size_kb: 1}}
        sink: {type: recording, recording: {delay_ms: 300}}
        reliability: {dlq: {type: file, path: %s}, drain_timeout_s: 0}
        processing: {queue_depth: 8}
        """.formatted(dir.resolve("in"), dir.resolve("dlq")));
    Thread stopper = stopOnceRowsAreWritten(pipeline);

    long start = System.nanoTime();
    RunSummary summary = pipeline.run();
    stopper.join();

    assertThat(System.nanoTime() - start).as("it did not write the 8 queued batches at 300 ms each")
        .isLessThan(2_000_000_000L);
    assertThat(summary.rowsWritten()).isPositive().isLessThan(20_000);
    assertThat(RecordingSinkFactory.COMMITTED_ROWS.stream().mapToLong(Long::longValue).sum())
        .isEqualTo(summary.rowsWritten());
    assertThat(RecordingSinkFactory.IDS).hasSize((int) summary.rowsWritten());
    assertThat(summary.arrowBytesOutstanding()).isZero();
  }

  @Test
  void aSinkWithoutTransactionsResumesFromTheLocalCheckpointStore() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Path file = csv("in/a.csv", 300);
    String yaml = """
        pipeline: plain
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: recording, recording: {transactional: false}}
        reliability: {dlq: {type: file, path: %s}, checkpoint_store: %s}
        """;
    String local = "{type: local, dir: " + dir.resolve("checkpoints") + "}";

    RunSummary first = Pipeline.fromYaml(yaml.formatted(dir.resolve("in"), dir.resolve("dlq"), local)).run();
    RunSummary again = Pipeline.fromYaml(yaml.formatted(dir.resolve("in"), dir.resolve("dlq"), local)).run();
    Files.writeString(file, "300,n300\n", java.nio.file.StandardOpenOption.APPEND);
    RunSummary appended = Pipeline.fromYaml(yaml.formatted(dir.resolve("in"), dir.resolve("dlq"), local)).run();
    RunSummary withoutStore = Pipeline.fromYaml(yaml.formatted(dir.resolve("in"), dir.resolve("dlq"), "none")).run();

    assertThat(first.rowsWritten()).isEqualTo(300);
    assertThat(again.rowsWritten()).isZero();
    assertThat(appended.rowsWritten()).isEqualTo(1);
    assertThat(withoutStore.rowsWritten()).isEqualTo(301);
    assertThat(RecordingSinkFactory.COMMITS).as("a plain sink's positions never reach its commit").isEmpty();
  }

  @Test
  void resumesFromRestoredPositions() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Path a = csv("in/a.csv", 100);
    long header = "id,name\n".length();
    long afterFifty = header + Files.readAllLines(a).subList(1, 51).stream().mapToLong(l -> l.length() + 1).sum();
    RecordingSinkFactory.restored = Map.of(a.toString(), new Position(a.toString(), String.valueOf(afterFifty)));

    RunSummary summary = pipeline(0).run();

    assertThat(summary.rowsWritten()).isEqualTo(50);
  }

  @Test
  void aFailingSinkStopsTheRunWithoutCommittingAndReleasesAllMemory() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    csv("in/a.csv", 2000);
    Pipeline pipeline = pipeline(3);

    assertThatThrownBy(pipeline::run).hasMessage("Cannot write batch 3: the disk is on fire");

    assertThat(pipeline.state()).isEqualTo(PipelineState.CLOSED);
    assertThat(RecordingSinkFactory.COMMITTED_ROWS.stream().mapToLong(Long::longValue).sum())
        .as("commits happen after every batch here, so exactly the two good batches are committed")
        .isPositive();
    assertThat(RecordingSinkFactory.COMMITS).hasSize(2);
  }

  @Test
  void stopDrainsAndCommitsWhatWasRead() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    for (int i = 0; i < 20; i++) {
      csv("in/f" + i + ".csv", 2000);
    }
    Pipeline pipeline = pipeline(0);
    Thread stopper = stopOnceRowsAreWritten(pipeline);

    RunSummary summary = pipeline.run();
    stopper.join();

    assertThat(summary.rowsWritten()).isPositive().isLessThan(40_000);
    assertThat(RecordingSinkFactory.COMMITTED_ROWS.stream().mapToLong(Long::longValue).sum())
        .isEqualTo(summary.rowsWritten());
    assertThat(summary.arrowBytesOutstanding()).isZero();
    assertThat(pipeline.state()).isEqualTo(PipelineState.CLOSED);
  }

  /** Stops {@code pipeline} from another thread as soon as its sink has written a row, as a SIGTERM would. */
  private static Thread stopOnceRowsAreWritten(Pipeline pipeline) {
    Thread stopper = new Thread(() -> {
      while (pipeline.stats().rowsWritten() == 0) {
        Thread.onSpinWait();
      }
      pipeline.stop();
    });
    stopper.start();
    return stopper;
  }
}
