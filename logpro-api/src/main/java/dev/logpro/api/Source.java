package dev.logpro.api;

import java.time.Duration;
import java.util.List;

/**
 * Reads bytes from somewhere. The engine calls {@link #open}, then {@link #poll} from one thread until it returns
 * {@code null} (a bounded source is done) or the pipeline stops, then {@link #close}.
 *
 * <p>Optional capabilities are separate interfaces the engine checks with {@code instanceof}: {@link Seekable},
 * {@link Splittable}, {@link Schematized}, {@link ArrowSource}, {@link Acknowledging}.
 */
public interface Source extends AutoCloseable {

  void open(ComponentContext context) throws Exception;

  /**
   * The next messages, in order. Returns an empty list when nothing arrived within {@code timeout}, and {@code null}
   * once a bounded source has handed on everything it will ever read.
   */
  List<RawMessage> poll(Duration timeout) throws Exception;

  @Override
  void close() throws Exception;
}
