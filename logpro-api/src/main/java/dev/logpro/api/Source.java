package dev.logpro.api;

import java.time.Duration;

/**
 * Reads from somewhere. The engine never calls a source from two threads at once: {@link Seekable#seek} if the source
 * can resume and {@link #open}, before the source thread starts; on the source thread, {@link #poll} until it answers
 * {@link Poll#END} or the pipeline stops, with {@link Acknowledging#acknowledge} between polls and after the last one
 * until the last commit; {@link #close} once that thread has ended. A source therefore needs no locking, and a client
 * that allows one caller at a time (a Kafka consumer, a replication stream) fits.
 *
 * <p>Optional capabilities are separate interfaces the engine checks with {@code instanceof}: {@link Seekable}
 * (resume from committed positions), {@link ArrowSource} (decodes itself: needs no decoder), {@link Acknowledging}
 * (hears of each commit) and {@link Recycling} (takes message buffers back).
 */
public interface Source extends AutoCloseable {

  /** Starts reading; {@code context} gives the source its allocator, format options and batch size. */
  void open(ComponentContext context) throws Exception;

  /**
   * What the source has next, waiting at most about {@code timeout} for it: {@link Poll#records} (or {@link
   * Poll#rows} for an {@link ArrowSource}), {@link Poll#IDLE} when nothing arrived, {@link Poll#END} once a bounded
   * source has handed on everything it will ever read. Never {@code null}.
   */
  Poll poll(Duration timeout) throws Exception;

  /** Stops reading and frees what the source holds; called once, also after a failure or without {@link #open}. */
  @Override
  void close() throws Exception;
}
