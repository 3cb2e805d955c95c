package dev.logpro.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.Position;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the engine calls a source: polls that answer idle, and acknowledgements on the source's own thread. */
class SourceContractTest {
  @TempDir Path dir;

  @BeforeEach
  void reset() {
    RecordingSinkFactory.reset();
    TickingSourceFactory.reset();
  }

  @Test
  void acknowledgementsComeOnTheSourceThreadAfterTheirCommitsInCommitOrder() throws Exception {
    RunSummary summary = pipeline(20, true).run();

    assertThat(summary.rowsWritten()).isEqualTo(20);
    assertThat(threadsOf("poll")).containsOnly("logpro-source");
    assertThat(threadsOf("acknowledge")).containsOnly("logpro-source");
    List<Map<String, Position>> commits = RecordingSinkFactory.COMMITS;
    assertThat(commits).isNotEmpty();
    assertThat(TickingSourceFactory.ACKS).as("one acknowledgement per commit, in commit order").isEqualTo(commits);
    for (int i = 0; i < TickingSourceFactory.COMMITS_AT_ACK.size(); i++) {
      assertThat(TickingSourceFactory.COMMITS_AT_ACK.get(i)).as("commits made when acknowledgement %d came", i)
          .isGreaterThanOrEqualTo(i + 1);
    }
    assertThat(last(TickingSourceFactory.ACKS)).containsEntry("ticks", new Position("ticks", "20"));
    List<String> calls = TickingSourceFactory.CALLS;
    assertThat(calls.get(calls.size() - 1)).as("closed once the last commit was acknowledged").startsWith("close ");
    assertThat(calls.get(calls.size() - 2)).startsWith("acknowledge ");
  }

  @Test
  void aStreamThatOnlyAnswersIdleIsStoppedAndItsLastCommitAcknowledged() throws Exception {
    Pipeline pipeline = pipeline(5, false);
    Thread run = new Thread(() -> {
      try {
        pipeline.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    run.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (RecordingSinkFactory.COMMITTED_ROWS.stream().mapToLong(Long::longValue).sum() < 5
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(300); // it keeps polling: nothing more, nothing ends
    assertThat(run.isAlive()).isTrue();
    pipeline.stop();
    run.join(30_000);

    assertThat(run.isAlive()).isFalse();
    assertThat(pipeline.state()).isEqualTo(PipelineState.CLOSED);
    assertThat(last(TickingSourceFactory.ACKS)).containsEntry("ticks", new Position("ticks", "5"));
    assertThat(threadsOf("acknowledge")).containsOnly("logpro-source");
    List<String> calls = TickingSourceFactory.CALLS;
    assertThat(calls.get(calls.size() - 1)).startsWith("close ");
  }

  private Pipeline pipeline(int messages, boolean bounded) {
    return Pipeline.fromYaml("""
        pipeline: ticks
        source: {type: ticking, ticking: {messages: %d, idle_polls: 2, bounded: %s}}
        sink: {type: recording}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(messages, bounded, dir.resolve("dlq")));
  }

  private static List<String> threadsOf(String call) {
    List<String> threads = new ArrayList<>();
    for (String c : List.copyOf(TickingSourceFactory.CALLS)) {
      if (c.startsWith(call + " ")) {
        threads.add(c.substring(call.length() + 1));
      }
    }
    return threads;
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }
}
