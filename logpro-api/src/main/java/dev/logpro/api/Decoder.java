package dev.logpro.api;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns raw messages into Arrow rows, column by column. A decoder sees the messages of one pipeline in order; it may
 * keep state between calls (an inferred schema, a CSV header).
 */
public interface Decoder extends AutoCloseable {

  /**
   * Decodes every record of {@code messages}. Records that cannot be decoded become dead letters; they never throw.
   * The returned root is allocated from the context's allocator and owned by the caller; it may have zero rows.
   */
  Decoded decode(List<RawMessage> messages);

  /** The schema of the rows produced so far, or {@code null} before the first decode of a schemaless format. */
  Schema schema();

  @Override
  default void close() {}
}
