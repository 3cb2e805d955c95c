package dev.logpro.core.pipeline;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Position;
import dev.logpro.api.Sink;
import dev.logpro.api.SinkFactory;
import dev.logpro.api.Transactional;
import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A transactional sink for engine tests that keeps what it is given in memory (a test plugin, not a stand-in for a
 * service): rows counted, commits recorded in order, and a write that fails on demand.
 */
public final class RecordingSinkFactory implements SinkFactory<RecordingSinkFactory.Config> {
  /** Every commit of the last sink built, in order: the positions it recorded and the rows it covered. */
  static final List<Map<String, Position>> COMMITS = new ArrayList<>();
  static final List<Long> COMMITTED_ROWS = new ArrayList<>();
  static final List<Long> IDS = new ArrayList<>();
  static Map<String, Position> restored = Map.of();

  @Doc("Test sink.")
  public record Config(
      @Doc("Fail the write of this batch number (1-based); 0 never fails.") @Default("0") int fail_on_batch,
      @Doc("Sleep this long in every write, to make the sink the slow stage.") @Default("0") int delay_ms,
      @Doc("Whether it commits positions itself; false makes it a plain sink, like stdout.") @Default("true")
          boolean transactional) {}

  @Override
  public String type() {
    return "recording";
  }

  @Override
  public String description() {
    return "Test sink that records commits.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Sink create(Config config, ComponentContext context) {
    RecordingSink sink = new RecordingSink(config.fail_on_batch(), config.delay_ms());
    return config.transactional() ? sink : new PlainSink(sink);
  }

  static void reset() {
    COMMITS.clear();
    COMMITTED_ROWS.clear();
    IDS.clear();
    restored = Map.of();
  }

  /** The recording sink without its {@link Transactional} face: positions are the engine's business. */
  private record PlainSink(RecordingSink sink) implements Sink {
    @Override
    public void open(ComponentContext context) {}

    @Override
    public void write(VectorSchemaRoot batch) throws InterruptedException {
      sink.write(batch);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private static final class RecordingSink implements Sink, Transactional {
    private final int failOnBatch;
    private final int delayMillis;
    private int batches;
    private long pendingRows;

    RecordingSink(int failOnBatch, int delayMillis) {
      this.failOnBatch = failOnBatch;
      this.delayMillis = delayMillis;
    }

    @Override
    public void open(ComponentContext context) {}

    @Override
    public void write(VectorSchemaRoot batch) throws InterruptedException {
      Thread.sleep(delayMillis);
      batches++;
      if (batches == failOnBatch) {
        throw new IllegalStateException("Cannot write batch " + batches + ": the disk is on fire");
      }
      pendingRows += batch.getRowCount();
      if (batch.getVector("id") instanceof BigIntVector ids) {
        for (int i = 0; i < ids.getValueCount(); i++) {
          IDS.add(ids.get(i));
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public long commitIntervalMillis() {
      return 0;
    }

    @Override
    public Map<String, Position> restorePositions(String pipelineId) {
      return restored;
    }

    @Override
    public void resetPositions(String pipelineId) {}

    @Override
    public Commit commit(String pipelineId, Map<String, Position> positions) {
      COMMITS.add(new HashMap<>(positions));
      COMMITTED_ROWS.add(pendingRows);
      pendingRows = 0;
      return new Commit("c" + COMMITS.size(), 0, 0, 0);
    }

    @Override
    public void close() {}
  }
}
