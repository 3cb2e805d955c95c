package dev.logpro.api;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Shapes a batch. Pure over its input: it never mutates {@code input} and returns a new root (untouched columns are
 * passed on by transfer of a slice, not by copying values), or {@code null} to drop every row.
 */
public interface Transform extends AutoCloseable {

  Result apply(VectorSchemaRoot input);

  /**
   * @param root the output rows, or {@code null} when no row remains; owned by the caller
   * @param deadLetters rows this transform rejected
   */
  record Result(VectorSchemaRoot root, List<DeadLetter> deadLetters) {
    public Result {
      deadLetters = List.copyOf(deadLetters);
    }
  }

  @Override
  default void close() {}
}
