package dev.logpro.api;

import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes batches somewhere. The engine calls {@link #open}, then {@link #write} for each batch from one thread, then
 * {@link #flush} when it needs what was written to be durable, then {@link #close}.
 *
 * <p>A sink that can commit source positions atomically with its data implements {@link Transactional}; the engine
 * then gives exactly-once delivery through it.
 */
public interface Sink extends AutoCloseable {

  void open(ComponentContext context) throws Exception;

  /**
   * The schema that incoming rows must fit, when the destination already has one (an existing table). The engine
   * hands it to the decoder, so the destination's schema wins over inference. Valid after {@link #open}.
   */
  default Optional<Schema> existingSchema() {
    return Optional.empty();
  }

  /** Writes the rows. The sink must not keep {@code batch} after returning: the caller closes it. */
  void write(VectorSchemaRoot batch) throws Exception;

  /**
   * Makes everything written so far durable (or visible). For a sink that is not {@link Transactional}, the engine
   * then saves the positions those rows complete in the pipeline's {@link CheckpointStore}, if it has one.
   */
  void flush() throws Exception;

  /**
   * How often the engine calls {@link #flush} while data flows, in milliseconds, for a sink that is not
   * {@link Transactional}; it also flushes when a bounded source ends and when the pipeline stops. A sink whose
   * every flush makes new files asks for less often than the default.
   */
  default long flushIntervalMillis() {
    return 1000;
  }

  @Override
  void close() throws Exception;
}
