package dev.logpro.api;

import java.util.List;

/**
 * Keeps records that could not be processed. {@link #flush} makes what was added durable; the engine flushes before
 * it commits the positions that cover those records, so a dead letter is never lost.
 */
public interface DeadLetterQueue extends AutoCloseable {

  void open(ComponentContext context) throws Exception;

  void add(List<DeadLetter> deadLetters) throws Exception;

  void flush() throws Exception;

  @Override
  void close() throws Exception;
}
