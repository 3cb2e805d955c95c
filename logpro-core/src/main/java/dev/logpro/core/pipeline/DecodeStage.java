package dev.logpro.core.pipeline;

import dev.logpro.api.Batch;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.Position;
import dev.logpro.api.RawMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
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

  /**
   * @param decoders makes a decoder for a target schema (empty: infer one)
   * @param target the existing table's schema, if any
   */
  DecodeStage(Function<Optional<Schema>, Decoder> decoders, Optional<Schema> target,
      SynchronizedDeadLetters deadLetters, RunStats stats, BlockingQueue<Item> out, int window,
      MemoryBackpressure memory, long memoryWaitMillis) {
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
      largestBatch.accumulateAndGet(bytes(rows.batch().root()), Math::max);
      if (decoder == primary && primary.schema() != null) {
        schemaKnown.countDown();
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

  private Item.Rows decode(Decoder decoder, Item.Messages item) throws Exception {
    List<RawMessage> messages = item.messages();
    Decoded result = decoder.decode(messages);
    VectorSchemaRoot rows = result.root();
    try {
      deadLetters.add(result.deadLetters());
      int rowCount = rows == null ? 0 : rows.getRowCount();
      stats.rowsRead.addAndGet(rowCount + result.deadLetters().size());
      Map<String, Position> positions = new HashMap<>();
      for (RawMessage message : messages) {
        if (message.position() != null) {
          positions.put(message.position().split(), message.position());
        }
      }
      Batch batch = new Batch(rows == null ? VectorSchemaRoot.of() : rows, positions);
      rows = null;
      return new Item.Rows(item.sequence(), batch);
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
}
