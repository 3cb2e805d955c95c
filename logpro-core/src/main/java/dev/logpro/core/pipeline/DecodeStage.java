package dev.logpro.core.pipeline;

import dev.logpro.api.Batch;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.Position;
import dev.logpro.api.RawMessage;
import dev.logpro.core.transform.TransformChain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Decodes chunks on several workers at once and hands the batches on in source order. Until the schema is known
 * (inferred by the first worker's decoder from the first chunks, or given by an existing table) only one worker
 * decodes; then each other worker gets its own decoder for that schema, so every batch has the same columns.
 *
 * <p>A worker starts a chunk only when twice the largest batch so far fits under the memory limit, except for the
 * oldest chunk in flight, which always goes ahead: the batches queued behind it can only be released once it is done.
 *
 * <p>Each worker runs the pipeline's transforms and validation rules on the batch it decoded, so they use every core
 * and keep source order. The steps from the first one that keeps state between batches ({@code deduplicate}) on run
 * for one chunk at a time, in sequence order ({@link Turns}). Dead letters of a chunk go to the queue only once the
 * chunk is done, so a chunk decoded again after running out of memory does not dead-letter its records twice.
 */
final class DecodeStage implements AutoCloseable {
  private final Function<Optional<Schema>, Decoder> decoders;
  private final SynchronizedDeadLetters deadLetters;
  private final RunStats stats;
  private final Decoder primary;
  private final List<Decoder> created = new ArrayList<>();
  private final CountDownLatch schemaKnown = new CountDownLatch(1);
  private final Sequencer sequencer;
  private final long memoryWaitMillis;
  private final MemoryBackpressure memory;
  private final AtomicLong largestBatch = new AtomicLong();
  private final TransformChain chain;
  private final Turns turns = new Turns();

  /**
   * @param decoders makes a decoder for a target schema (empty: infer one)
   * @param target the schema to decode into (the existing table's), if any
   * @param chain the transforms and rules every batch goes through; the caller closes it after this stage
   */
  /** Told of every chunk's messages once they are decoded ({@link dev.logpro.api.Recycling}). */
  private final Consumer<List<RawMessage>> decoded;
  DecodeStage(Function<Optional<Schema>, Decoder> decoders, Optional<Schema> target, TransformChain chain,
      SynchronizedDeadLetters deadLetters, RunStats stats, BlockingQueue<Item> out, int window,
      MemoryBackpressure memory, long memoryWaitMillis, Consumer<List<RawMessage>> decoded) {
    this.chain = chain;
    this.decoded = decoded;
    this.memory = memory;
    this.memoryWaitMillis = memoryWaitMillis;
    this.decoders = decoders;
    this.deadLetters = deadLetters;
    this.stats = stats;
    this.sequencer = new Sequencer(out, window);
    this.primary = decoders.apply(target);
    created.add(primary);
    if (target.isPresent()) {
      schemaKnown.countDown();
    }
  }

  /** The body of worker {@code index}: decodes until it meets the end of input. */
  void work(int index, BlockingQueue<Item> in) throws Exception {
    Decoder decoder = index == 0 ? primary : null;
    while (true) {
      if (decoder == null) {
        schemaKnown.await();
        decoder = secondary();
      }
      Item item = in.take();
      if (item instanceof Item.End end) {
        in.put(end);
        schemaKnown.countDown();
        sequencer.deliver(end);
        return;
      }
      Item.Messages messages = (Item.Messages) item;
      Item.Rows rows = decodeWithinBudget(decoder, messages);
      // The rows are in Arrow and the dead letters hold copies: the messages' bytes may be reused by the source.
      decoded.accept(messages.messages());
      largestBatch.accumulateAndGet(bytes(rows.batch().root()), Math::max);
      if (decoder == primary && primary.schema() != null) {
        schemaKnown.countDown();
      }
      if (chain.hasOrderedPart()) {
        rows = inTurn(rows, messages);
      }
      sequencer.deliver(rows);
    }
  }

  /**
   * Decodes once twice the largest batch so far fits beside what is allocated and reserved, or at once when this is
   * the oldest chunk in flight. A younger chunk that runs out of memory midway lets go of it and tries again once it
   * is the oldest.
   */
  private Item.Rows decodeWithinBudget(Decoder decoder, Item.Messages messages) throws Exception {
    BooleanSupplier oldest = () -> sequencer.isNext(messages.sequence());
    while (true) {
      long reservation = memory.reserve(2 * largestBatch.get(), oldest);
      try {
        return memory.allocatingFor(oldest, () -> decode(decoder, messages));
      } catch (OutOfMemoryException e) {
        if (memory.waitedInVain()) {
          throw outOfMemory(messages, e);
        }
      } finally {
        memory.release(reservation);
      }
      memory.awaitUntil(oldest);
    }
  }

  private synchronized Decoder secondary() {
    Decoder decoder = decoders.apply(Optional.ofNullable(primary.schema()));
    created.add(decoder);
    return decoder;
  }

  /**
   * Runs the ordered part of the chain on {@code rows} once every earlier chunk has been through it. It may wait for
   * memory (it cannot be run again: the state it keeps has seen the batch) for as long as a chunk may.
   */
  private Item.Rows inTurn(Item.Rows rows, Item.Messages messages) throws Exception {
    long sequence = rows.sequence();
    turns.await(sequence);
    try {
      Batch batch = rows.batch();
      if (batch.rowCount() == 0) {
        return rows;
      }
      List<DeadLetter> letters = new ArrayList<>();
      VectorSchemaRoot out;
      try {
        out = memory.allocatingFor(() -> true, () -> chain.applyOrdered(batch.root(), origin(messages), letters));
      } catch (OutOfMemoryException e) {
        throw outOfMemory(messages, e);
      }
      deadLetters.add(letters);
      return new Item.Rows(sequence, new Batch(out == null ? VectorSchemaRoot.of() : out, batch.positions()),
          rows.origin());
    } finally {
      turns.done(sequence);
    }
  }

  /** Where a chunk's rows came from: its first message's source and offset. */
  private static TransformChain.Origin origin(Item.Messages item) {
    RawMessage first = item.messages().get(0);
    return new TransformChain.Origin(first.source(), String.valueOf(first.sourceOffset()));
  }

  private Item.Rows decode(Decoder decoder, Item.Messages item) throws Exception {
    List<RawMessage> messages = item.messages();
    Decoded result = decoder.decode(messages);
    VectorSchemaRoot rows = result.root();
    try {
      List<DeadLetter> letters = new ArrayList<>(result.deadLetters());
      int rowCount = rows == null ? 0 : rows.getRowCount();
      if (rowCount > 0 && !chain.isEmpty()) {
        VectorSchemaRoot decoded = rows;
        rows = null;
        rows = chain.applyUnordered(decoded, origin(item), letters);
      }
      deadLetters.add(letters);
      stats.rowsRead.addAndGet(rowCount + result.deadLetters().size());
      Map<String, Position> positions = new HashMap<>();
      for (RawMessage message : messages) {
        if (message.position() != null) {
          positions.put(message.position().split(), message.position());
        }
      }
      Batch batch = new Batch(rows == null ? VectorSchemaRoot.of() : rows, positions);
      rows = null;
      return new Item.Rows(item.sequence(), batch, origin(item));
    } finally {
      if (rows != null) {
        rows.close();
      }
    }
  }

  private IllegalStateException outOfMemory(Item.Messages item, OutOfMemoryException e) {
    RawMessage first = item.messages().get(0);
    return new IllegalStateException("Cannot decode " + first.source() + " at " + first.sourceOffset()
        + ": one batch needs more Arrow memory than processing.memory_limit_mb leaves free for " + memoryWaitMillis
        + " ms (raise memory_limit_mb, or lower source.file.chunk_size_kb)", e);
  }

  private static long bytes(VectorSchemaRoot root) {
    long total = 0;
    for (FieldVector vector : root.getFieldVectors()) {
      total += vector.getBufferSize();
    }
    return total;
  }

  /** Closes every decoder and any batch still waiting for its turn. */
  @Override
  public synchronized void close() {
    sequencer.discard();
    for (Decoder decoder : created) {
      decoder.close();
    }
  }

  /** Lets chunks through one at a time in sequence order: every sequence number passes exactly once. */
  private static final class Turns {
    private long next;

    synchronized void await(long sequence) throws InterruptedException {
      while (sequence != next) {
        wait();
      }
    }

    synchronized void done(long sequence) {
      next = sequence + 1;
      notifyAll();
    }
  }
}
