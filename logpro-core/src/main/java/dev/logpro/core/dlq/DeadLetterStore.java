package dev.logpro.core.dlq;

import java.util.function.UnaryOperator;

/**
 * The dead letters a dead-letter queue holds, to look at ({@code logpro dlq inspect}) and to change in place
 * ({@code logpro dlq replay}). A {@link dev.logpro.api.DeadLetterQueueFactory} whose queue can be read back also
 * implements {@link Factory}.
 */
public interface DeadLetterStore extends AutoCloseable {

  /** Where the dead letters are, for people: {@code directory ./dlq}, {@code table analytics.events_dlq}. */
  String describe();

  /** Hands every dead letter to {@code visitor}, in the store's order. */
  void read(Visitor visitor) throws Exception;

  /** Entries of the last {@link #read} that are not dead letters (a line cut short by a crash). */
  default long unreadable() {
    return 0;
  }

  /**
   * Replaces each dead letter of {@code pipeline} by {@code change.apply(it)}: itself keeps it, another dead letter
   * replaces it, {@code null} removes it. Durable when this returns. Each unit of storage (a file, an Iceberg data
   * file) changes atomically, but not all of them together, so a change must be one that can be applied again to
   * a store where it was applied in part. Dead letters that a running pipeline is still writing are left alone
   * (and not shown to {@code change}).
   *
   * @return how many dead letters were replaced or removed
   */
  long update(String pipeline, UnaryOperator<StoredDeadLetter> change) throws Exception;

  @Override
  void close() throws Exception;

  /** Receives dead letters. */
  @FunctionalInterface
  interface Visitor {
    void accept(StoredDeadLetter deadLetter) throws Exception;
  }

  /**
   * Implemented by a dead-letter queue factory whose dead letters can be read back and changed.
   *
   * @param <C> the queue's config record
   */
  interface Factory<C extends Record> {
    /** The dead letters the queue configured by {@code config} for pipeline {@code pipelineId} holds. */
    DeadLetterStore store(C config, String pipelineId) throws Exception;
  }
}
