package dev.logpro.core.pipeline;

import dev.logpro.api.Position;
import dev.logpro.api.Sink;
import dev.logpro.api.Transactional;
import dev.logpro.api.CheckpointStore;
import dev.logpro.core.config.PipelineConfig;
import dev.logpro.core.config.ProcessingConfig;
import dev.logpro.core.dlq.DeadLetterStore;
import dev.logpro.core.dlq.ReplayLedger;
import dev.logpro.core.dlq.StoredDeadLetter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Re-ingests a pipeline's dead letters once the cause is fixed (a table column widened, a config changed): they go
 * through the pipeline's own decoder (with the headers they carry, such as a CSV header) and sink, on the same engine
 * as a run, under the id {@code <pipeline>.replay}. Those that land leave the dead-letter queue; those that fail again
 * stay in it, once, with the new error.
 *
 * <p>Into a sink that commits positions with its data (Iceberg) each record lands exactly once, whenever a replay
 * stops: the steps ({@link #recover}, {@link #prepare}, {@link #ingest}, {@link #finish}) each leave a durable state
 * the next replay completes, as {@link ReplayLedger} explains. {@link #run} does them all. Two replays of one
 * pipeline must not run at once.
 */
public final class DeadLetterReplay {
  /** Suffix of the id a replay commits its positions under: pipeline {@code events} replays as {@code events.replay}. */
  public static final String ID_SUFFIX = ".replay";
  /** Dead letters whose raw bytes are in the source's format; those of later stages would need that stage's input. */
  private static final Predicate<StoredDeadLetter> REPLAYABLE = letter -> "decode".equals(letter.letter().stage());

  private final PipelineConfig config;
  private final DeadLetterStore store;
  private final ReplayLedger ledger;
  private final Set<String> ingested = new HashSet<>();

  /** Replays {@code config}'s pipeline's dead letters held in {@code store}, through {@code config}'s pipeline. */
  public DeadLetterReplay(PipelineConfig config, DeadLetterStore store) {
    this.config = config;
    this.store = store;
    this.ledger = new ReplayLedger(store, config.id());
  }

  /**
   * What a replay did.
   *
   * @param recovered what finishing the batches of replays that had stopped did, one outcome each
   * @param outcome what this replay did (counts of records)
   * @param run the engine run, or {@code null} when there was nothing to replay
   */
  public record Result(List<ReplayLedger.Outcome> recovered, ReplayLedger.Outcome outcome, RunSummary run) {}

  /** Where the dead letters are, for people. */
  public String store() {
    return store.describe();
  }

  /** The id the replay commits under. */
  public String replayId() {
    return config.id() + ID_SUFFIX;
  }

  /** Finishes replays that stopped, then replays every dead letter of the pipeline's decoder, then finishes. */
  public Result run() throws Exception {
    List<ReplayLedger.Outcome> recovered = recover();
    ReplayLedger.Batch batch = prepare();
    if (batch.isEmpty()) {
      return new Result(recovered, new ReplayLedger.Outcome(0, 0, 0), null);
    }
    RunSummary summary;
    try {
      summary = ingest(batch);
    } catch (Exception e) {
      try {
        finish(batch);
      } catch (Exception f) {
        e.addSuppressed(f);
      }
      throw e;
    }
    return new Result(recovered, finish(batch), summary);
  }

  /** Finishes every batch a replay marked but did not finish (it stopped), with what the sink committed of it. */
  public List<ReplayLedger.Outcome> recover() throws Exception {
    List<ReplayLedger.Outcome> outcomes = new ArrayList<>();
    for (String batch : ledger.unfinished()) {
      outcomes.add(ledger.finish(batch, handedOn(batch, 0)));
    }
    return outcomes;
  }

  /** Marks the dead letters to replay: a new batch, empty when there is nothing to replay. */
  public ReplayLedger.Batch prepare() throws Exception {
    return ledger.start(REPLAYABLE);
  }

  /** Runs the batch through the pipeline's decoder and sink, committing as a run does. */
  public RunSummary ingest(ReplayLedger.Batch batch) throws Exception {
    PipelineConfig replay = new PipelineConfig(replayId(),
        Prebuilt.of("source", "dead_letters", new ReplaySource(batch)),
        config.decoder(), config.processing(), config.sink(),
        Prebuilt.of("reliability.dlq", "replay_failures", new ReplayFailures(ledger, batch.id())),
        config.reliability(), config.observability(), config.transforms(), config.checkpointStore());
    RunSummary summary = new Engine(replay, new Lifecycle(), new RunStats(), false).run();
    ingested.add(batch.id());
    return summary;
  }

  /** Removes the batch's dead letters that landed and releases the others. */
  public ReplayLedger.Outcome finish(ReplayLedger.Batch batch) throws Exception {
    long ifUnknown = ingested.contains(batch.id()) ? batch.deadLetters().size() : 0;
    return ledger.finish(batch.id(), handedOn(batch.id(), ifUnknown));
  }

  /**
   * How many dead letters of {@code batch} the sink committed: from the positions it committed with its data, or
   * those of the local checkpoint store; {@code ifUnknown} for a sink that keeps none (at least once).
   */
  private long handedOn(String batch, long ifUnknown) throws Exception {
    Optional<Map<String, Position>> committed = committedPositions();
    return committed.map(positions -> ReplayLedger.handedOn(batch, positions)).orElse(ifUnknown);
  }

  private Optional<Map<String, Position>> committedPositions() throws Exception {
    ProcessingConfig processing = config.processing();
    try (BufferAllocator memory = new RootAllocator((long) processing.memory_limit_mb() << 20)) {
      EngineContext context = new EngineContext(replayId(), memory, Optional.empty(), Optional.empty(),
          processing.batch_rows(), processing.infer_sample_rows(), false, processing.max_columns());
      try (Sink sink = config.sink().create(context)) {
        if (sink instanceof Transactional tx) {
          sink.open(context);
          return Optional.of(tx.restorePositions(replayId()));
        }
      }
    }
    if (config.checkpointStore() == null) {
      return Optional.empty();
    }
    try (BufferAllocator memory = new RootAllocator((long) processing.memory_limit_mb() << 20);
        CheckpointStore store = config.checkpointStore().create(new EngineContext(replayId(), memory,
            Optional.empty(), Optional.empty(), processing.batch_rows(), processing.infer_sample_rows(), false,
            processing.max_columns()))) {
      return Optional.of(store.load(replayId()));
    }
  }
}
