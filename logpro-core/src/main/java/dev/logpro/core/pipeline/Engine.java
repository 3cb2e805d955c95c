package dev.logpro.core.pipeline;

import dev.logpro.api.Acknowledging;
import dev.logpro.api.ArrowSource;
import dev.logpro.api.Poll;
import org.apache.arrow.vector.VectorSchemaRoot;
import dev.logpro.core.transform.ConformToTable;
import dev.logpro.api.Transform;
import dev.logpro.api.Batch;
import dev.logpro.api.CheckpointStore;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.DeadLetterQueue;
import dev.logpro.api.Position;
import dev.logpro.api.RetriableException;
import dev.logpro.api.RawMessage;
import dev.logpro.api.Recycling;
import dev.logpro.api.Seekable;
import dev.logpro.api.Sink;
import dev.logpro.api.Source;
import dev.logpro.api.Transactional;
import dev.logpro.core.arrow.RowJson;
import dev.logpro.core.config.PipelineConfig;
import dev.logpro.core.config.ProcessingConfig;
import dev.logpro.core.config.RetryConfig;
import dev.logpro.core.transform.TransformChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a pipeline: a source thread, parallel decode workers and the committing sink loop on the caller's thread,
 * joined by bounded queues (a full queue blocks its producer: that is the whole backpressure protocol). A source that
 * produces Arrow itself (an {@link ArrowSource}) feeds the sink's queue directly, without decode workers. All Arrow
 * memory comes from one root allocator with the configured limit, a child per stage.
 */
final class Engine {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final PipelineConfig config;
  private final Lifecycle lifecycle;
  private final RunStats stats;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final boolean fromScratch;
  private final Acknowledgements acknowledgements = new Acknowledgements();
  private MemoryBackpressure backpressure;

  Engine(PipelineConfig config, Lifecycle lifecycle, RunStats stats, boolean fromScratch) {
    this.config = config;
    this.lifecycle = lifecycle;
    this.stats = stats;
    this.fromScratch = fromScratch;
  }

  RunSummary run() throws Exception {
    ProcessingConfig processing = config.processing();
    long limit = (long) processing.memory_limit_mb() << 20;
    long outstanding;
    try {
      backpressure = new MemoryBackpressure(processing.memory_wait_ms());
      BufferAllocator root = new RootAllocator(backpressure, limit);
      backpressure.watch(root);
      // Half the budget is the sink's alone: what it holds is freed only by writing, so it must never wait for batches
      // in flight to be released (they wait for it). The sink keeps its open files within that half itself.
      try (BufferAllocator sinkMemory = root.newChildAllocator("sink", backpressure, limit / 2, limit);
          BufferAllocator decodeMemory = root.newChildAllocator("decode", backpressure, 0, limit)) {
        runStages(sinkMemory, decodeMemory);
      } finally {
        outstanding = root.getAllocatedMemory();
        closeRoot(root, outstanding);
      }
    } finally {
      lifecycle.moveTo(PipelineState.CLOSED);
    }
    return new RunSummary(config.id(), stats.sources(), stats.bytesRead(), stats.rowsRead(), stats.rowsWritten(),
        stats.deadLetters(), stats.commits(), stats.filesCommitted.get(), stats.lastCommitId.get(),
        Duration.ofNanos(stats.elapsedNanos()), outstanding);
  }

  /** Closes the root allocator; a leak is logged loudly (and fails tests) rather than hiding the run's outcome. */
  private static void closeRoot(BufferAllocator root, long outstanding) {
    if (outstanding != 0) {
      LOG.error("Arrow memory leaked by a component: {} bytes still allocated\n{}", outstanding, root.toVerboseString());
    }
    try {
      root.close();
    } catch (IllegalStateException e) {
      LOG.error("Cannot close the Arrow allocator: {}", e.getMessage());
    }
  }

  private void runStages(BufferAllocator sinkMemory, BufferAllocator decodeMemory) throws Exception {
    ProcessingConfig processing = config.processing();
    lifecycle.moveTo(PipelineState.OPEN);
    try (Sink sink = config.sink().create(context(sinkMemory, Optional.empty(), Optional.empty()));
        DeadLetterQueue dlq = config.deadLetterQueue().create(context(sinkMemory, Optional.empty(), Optional.empty()));
        CheckpointStore store = checkpointStore(sink, sinkMemory)) {
      sink.open(context(sinkMemory, Optional.empty(), Optional.empty()));
      dlq.open(context(sinkMemory, Optional.empty(), Optional.empty()));
      Map<String, Position> committed = restorePositions(sink, store);
      if (!committed.isEmpty()) {
        LOG.info("Resuming {} splits from committed positions", committed.size());
      }
      Optional<Record> formatOptions = config.decoder() == null
          ? Optional.empty() : Optional.of(config.decoder().config());
      EngineContext sourceContext = context(decodeMemory, Optional.empty(), formatOptions);
      SynchronizedDeadLetters deadLetters = new SynchronizedDeadLetters(dlq, stats.deadLetters);
      BlockingQueue<Item> raw = new ArrayBlockingQueue<>(processing.queue_depth());
      BlockingQueue<Item> decoded = new ArrayBlockingQueue<>(processing.queue_depth());
      int workers = processing.decodeThreads();
      Optional<org.apache.arrow.vector.types.pojo.Schema> table = sink.existingSchema();
      try (TransformChain chain = TransformSteps.of(config.transforms(), processing.validate(), table,
              context(decodeMemory, Optional.empty(), Optional.empty()));
          Source source = config.source().create(sourceContext);
          DecodeStage decode = source instanceof ArrowSource ? null : new DecodeStage(
              target -> config.decoder().create(context(decodeMemory, target, Optional.empty())),
              chain.keepsColumns() ? table : Optional.empty(), chain, deadLetters, stats, decoded,
              workers + processing.queue_depth(), backpressure, processing.memory_wait_ms(),
              recycler(source))) {
        if (decode != null && config.decoder() == null) {
          throw new IllegalStateException("Cannot run source '" + config.source().type() + "': it names no format");
        }
        if (chain.keepsColumns() && table.isPresent() && !chain.isEmpty()) {
          chain.check(table.get(), decodeMemory);
        }
        if (source instanceof Seekable seekable) {
          seekable.seek(committed);
        }
        source.open(sourceContext);
        lifecycle.moveTo(PipelineState.RUNNING);
        List<Thread> threads = new ArrayList<>();
        if (source instanceof ArrowSource) {
          threads.add(start("logpro-source", () -> readSource(source, chain, deadLetters, decoded)));
        } else {
          threads.add(start("logpro-source", () -> readSource(source, chain, deadLetters, raw)));
          for (int i = 0; i < workers; i++) {
            int index = i;
            threads.add(start("logpro-decode-" + i, () -> decode.work(index, raw)));
          }
        }
        try {
          writeAndCommit(sink, store, source, deadLetters, decoded, committed,
              new ConformToTable(processing.schema_policy(), processing.max_columns(), sinkMemory));
        } finally {
          lifecycle.requestStop();
          acknowledgements.finish();
          // The source thread acknowledges the last commits and ends by itself; it is interrupted only if it is
          // stuck (a full queue no one takes from after a failure).
          threads.get(0).join(2 * POLL.toMillis() + 1_000);
          threads.forEach(Thread::interrupt);
          for (Thread thread : threads) {
            thread.join();
          }
          drainAndClose(raw);
          drainAndClose(decoded);
        }
      }
    }
    Throwable failed = failure.get();
    if (failed != null) {
      throw failed instanceof Exception e ? e : new RuntimeException(failed);
    }
  }

  private EngineContext context(BufferAllocator allocator, Optional<org.apache.arrow.vector.types.pojo.Schema> target,
      Optional<Record> formatOptions) {
    ProcessingConfig p = config.processing();
    return new EngineContext(config.id(), allocator, target, formatOptions, p.batch_rows(), p.infer_sample_rows(),
        p.schema_policy() != ProcessingConfig.SchemaPolicy.STRICT, p.max_columns());
  }

  private Thread start(String name, ThrowingRunnable body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable t) {
        fail(t);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private void fail(Throwable t) {
    if (failure.compareAndSet(null, t)) {
      LOG.debug("Stage failed", t);
    }
    lifecycle.requestStop();
  }

  /** Hands decoded messages back to a source that reuses their buffers; a no-op for any other source. */
  private static Consumer<List<RawMessage>> recycler(Source source) {
    if (source instanceof Recycling recycling) {
      return recycling::recycle;
    }
    return messages -> {};
  }

  /**
   * The source thread: polls the source and puts what it found on the raw queue (messages, for the decode workers)
   * or, for an {@link ArrowSource}, straight on the queue to the sink (its rows, through the transforms), with
   * sequence numbers, then the end marker. Between polls, and after the last one until the engine's last commit, it
   * acknowledges commits to an {@link Acknowledging} source: every call a source gets comes from this one thread.
   */
  private void readSource(Source source, TransformChain chain, SynchronizedDeadLetters deadLetters,
      BlockingQueue<Item> out) throws Exception {
    Acknowledging acknowledging = source instanceof Acknowledging a ? a : null;
    long sequence = 0;
    while (!lifecycle.stopRequested()) {
      if (acknowledging != null) {
        acknowledgements.deliver(acknowledging);
      }
      Poll poll;
      try {
        poll = source.poll(POLL);
      } catch (OutOfMemoryException e) {
        throw new IllegalStateException("Cannot read a batch from source '" + config.source().type() + "': it needs"
            + " more Arrow memory than processing.memory_limit_mb leaves free for "
            + config.processing().memory_wait_ms() + " ms (raise memory_limit_mb, or lower processing.batch_rows)", e);
      }
      if (poll instanceof Poll.End) {
        break;
      }
      if (poll instanceof Poll.Records records) {
        for (RawMessage message : records.messages()) {
          stats.bytesRead.addAndGet(message.length());
          stats.sources.add(message.source());
        }
        out.put(new Item.Messages(sequence++, records.messages()));
      } else if (poll instanceof Poll.Rows rows && handOn(rows, chain, deadLetters, out, sequence)) {
        sequence++;
      }
    }
    out.put(new Item.End(sequence));
    if (acknowledging != null) {
      acknowledgements.deliverUntilFinished(acknowledging);
    }
  }

  /**
   * An {@link ArrowSource}'s rows: its dead letters to the queue, its batch through the transforms onto the queue to
   * the sink, skipping the decode stage. Its allocations come from the decode stage's allocator, so the memory limit
   * holds it back like a decoder. Whether a batch was handed on (one with neither rows nor positions is not).
   */
  private boolean handOn(Poll.Rows rows, TransformChain chain, SynchronizedDeadLetters deadLetters,
      BlockingQueue<Item> out, long sequence) throws Exception {
    Batch batch = rows.batch();
    try {
      deadLetters.add(rows.deadLetters());
    } catch (Exception e) {
      batch.close();
      throw e;
    }
    stats.rowsRead.addAndGet(rows.deadLetters().size());
    if (batch.rowCount() == 0 && batch.positions().isEmpty()) {
      batch.close();
      return false;
    }
    stats.rowsRead.addAndGet(batch.rowCount());
    batch.positions().keySet().forEach(stats.sources::add);
    TransformChain.Origin origin = origin(batch);
    if (!chain.isEmpty() && batch.rowCount() > 0) {
      batch = transformed(chain, batch, origin, deadLetters);
    }
    try {
      out.put(new Item.Rows(sequence, batch, origin));
    } catch (InterruptedException e) {
      batch.close();
      throw e;
    }
    return true;
  }

  /** An Arrow source's batch through the transforms, on the source's thread (one batch at a time, in order). */
  private static Batch transformed(TransformChain chain, Batch batch, TransformChain.Origin origin,
      SynchronizedDeadLetters deadLetters) throws Exception {
    List<DeadLetter> letters = new ArrayList<>();
    VectorSchemaRoot out;
    try {
      out = chain.apply(batch.root(), origin, letters);
    } catch (RuntimeException | Error e) {
      batch.close();
      throw e;
    }
    deadLetters.add(letters);
    Batch result = new Batch(out == null ? VectorSchemaRoot.of() : out, batch.positions());
    return result;
  }

  /** Where a batch of an Arrow source came from: its one split, if it covers one. */
  private static TransformChain.Origin origin(Batch batch) {
    if (batch.positions().size() != 1) {
      return new TransformChain.Origin(null, null);
    }
    Position position = batch.positions().values().iterator().next();
    return new TransformChain.Origin(position.split(), position.token());
  }

  private void writeAndCommit(Sink sink, CheckpointStore store, Source source, SynchronizedDeadLetters deadLetters,
      BlockingQueue<Item> in, Map<String, Position> committed, ConformToTable conform) throws Exception {
    Transactional tx = sink instanceof Transactional t ? t : null;
    long intervalNanos =
        TimeUnit.MILLISECONDS.toNanos(tx == null ? sink.flushIntervalMillis() : tx.commitIntervalMillis());
    Map<String, Position> positions = new HashMap<>(committed);
    boolean dirty = false;
    long lastCommit = System.nanoTime();
    long drainNanos = TimeUnit.SECONDS.toNanos(config.reliability().drain_timeout_s());
    while (failure.get() == null) {
      if (lifecycle.nanosSinceStopRequest() > drainNanos) {
        LOG.warn("Draining took longer than reliability.drain_timeout_s ({} s): committing what was written; the"
            + " rest is read again by the next run", config.reliability().drain_timeout_s());
        lifecycle.moveTo(PipelineState.DRAINING);
        if (dirty) {
          commit(tx, sink, store, source, deadLetters, positions);
        }
        return;
      }
      Item item = in.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
      if (item instanceof Item.End) {
        lifecycle.moveTo(PipelineState.DRAINING);
        if (dirty) {
          commit(tx, sink, store, source, deadLetters, positions);
        }
        return;
      }
      if (item instanceof Item.Rows rows) {
        try (Batch batch = rows.batch()) {
          if (batch.rowCount() > 0) {
            write(sink, conform, batch.root(), rows.origin(), deadLetters);
          }
          positions.putAll(batch.positions());
          dirty = true;
        }
      }
      if (dirty && System.nanoTime() - lastCommit >= intervalNanos) {
        commit(tx, sink, store, source, deadLetters, positions);
        dirty = false;
        lastCommit = System.nanoTime();
      }
    }
  }

  /** Fits {@code root} to the sink's table under the schema policy, then writes what remains. */
  private void write(Sink sink, ConformToTable conform, VectorSchemaRoot root, TransformChain.Origin origin,
      SynchronizedDeadLetters deadLetters) throws Exception {
    Schema table = sink.existingSchema().orElse(null);
    Transform.Result fitted = conform.apply(root, table);
    VectorSchemaRoot out = fitted.root();
    try {
      if (!fitted.deadLetters().isEmpty()) {
        List<DeadLetter> located = new ArrayList<>(fitted.deadLetters().size());
        for (DeadLetter letter : fitted.deadLetters()) {
          located.add(new DeadLetter(letter.raw(), letter.error(), letter.stage(), origin == null ? null : origin.source(),
              origin == null ? null : origin.position(), letter.timestampMillis(), letter.headers()));
        }
        deadLetters.add(located);
      }
      if (out != null && out.getRowCount() > 0) {
        if (out.getSchema().getFields().isEmpty() && (table == null || table.getFields().isEmpty())) {
          deadLetters.add(withoutColumns(out, origin));
        } else {
          sink.write(out);
          stats.rowsWritten.addAndGet(out.getRowCount());
        }
      }
    } finally {
      if (out != null && out != root) {
        out.close();
      }
    }
  }

  /**
   * Rows without a single column ({@code {}} lines) while the table has none either: a table made from them would
   * have no columns, and a Parquet file cannot hold a row of nothing. Once the table has columns, such rows land
   * as rows of nulls, so the dead letters can be replayed then.
   */
  private static List<DeadLetter> withoutColumns(VectorSchemaRoot root, TransformChain.Origin origin) {
    List<DeadLetter> letters = new ArrayList<>(root.getRowCount());
    for (int row = 0; row < root.getRowCount(); row++) {
      letters.add(new DeadLetter(RowJson.of(root, row), "row has no columns and the table has none to hold it",
          "schema", origin == null ? null : origin.source(), origin == null ? null : origin.position(),
          System.currentTimeMillis(), Map.of()));
    }
    return letters;
  }

  /** Dead letters first, then data and positions together, then the source hears of it. */
  private void commit(Transactional tx, Sink sink, CheckpointStore store, Source source,
      SynchronizedDeadLetters deadLetters, Map<String, Position> positions) throws Exception {
    withRetries("flush dead letters", () -> {
      deadLetters.flush();
      return null;
    });
    if (tx != null) {
      Transactional.Commit commit = withRetries("commit", () -> tx.commit(config.id(), Map.copyOf(positions)));
      if (commit.id() != null) {
        stats.commits.incrementAndGet();
        stats.filesCommitted.addAndGet(commit.files());
        stats.lastCommitId.set(commit.id());
        LOG.info("Committed {}: {} files, {} rows", commit.id(), commit.files(), commit.rows());
      }
    } else {
      sink.flush();
      if (store != null) {
        Map<String, Position> flushed = Map.copyOf(positions);
        withRetries("save positions", () -> {
          store.save(config.id(), flushed);
          return null;
        });
      }
    }
    if (source instanceof Acknowledging) {
      acknowledgements.committed(positions);
    }
  }

  /** What the pipeline committed before, from the sink or the checkpoint store; nothing when starting from scratch. */
  private Map<String, Position> restorePositions(Sink sink, CheckpointStore store) throws Exception {
    if (fromScratch) {
      LOG.warn("Starting pipeline {} from scratch: committed positions are ignored and every input is read again",
          config.id());
      if (sink instanceof Transactional tx) {
        tx.resetPositions(config.id());
      }
      return Map.of();
    }
    if (sink instanceof Transactional tx) {
      return tx.restorePositions(config.id());
    }
    return store == null ? Map.of() : withRetries("load positions", () -> store.load(config.id()));
  }

  /** The configured checkpoint store, for a sink that does not commit positions itself; else {@code null}. */
  private CheckpointStore checkpointStore(Sink sink, BufferAllocator allocator) {
    if (config.checkpointStore() == null) {
      return null;
    }
    if (sink instanceof Transactional) {
      LOG.info("Not using reliability.checkpoint_store: sink '{}' commits positions with its data",
          config.sink().type());
      return null;
    }
    return config.checkpointStore().create(context(allocator, Optional.empty(), Optional.empty()));
  }

  /** Runs {@code operation}, retrying a {@link RetriableException} with backoff as {@code reliability.retry} says. */
  private <T> T withRetries(String what, Callable<T> operation) throws Exception {
    RetryConfig retry = config.reliability().retry();
    for (int attempt = 1; ; attempt++) {
      try {
        return operation.call();
      } catch (RetriableException e) {
        if (attempt >= retry.max_attempts() || failure.get() != null) {
          throw new IllegalStateException("Cannot " + what + " after " + attempt + " attempt"
              + (attempt == 1 ? "" : "s") + ": " + e.getMessage(), e);
        }
        long delay = retry.delayMillis(attempt + 1, ThreadLocalRandom.current());
        LOG.warn("Cannot {} (attempt {} of {}), retrying in {} ms: {}", what, attempt, retry.max_attempts(), delay,
            e.getMessage());
        Thread.sleep(delay);
      }
    }
  }

  private static void drainAndClose(BlockingQueue<Item> queue) {
    Item item;
    while ((item = queue.poll()) != null) {
      Sequencer.close(item);
    }
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
