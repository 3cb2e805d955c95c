package dev.logpro.api;

import java.util.Objects;

/**
 * Where a source is in one of its splits: an opaque token that the source alone interprets (a byte offset in a file,
 * an offset in a Kafka partition, an LSN). A position means "everything before this has been handed on"; resuming
 * from it reads what comes next.
 *
 * @param split the split this position belongs to (a file path, a topic-partition)
 * @param token the source's own serialised position within the split; never empty
 */
public record Position(String split, String token) {
  public Position {
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(token, "token");
    if (token.isEmpty()) {
      throw new IllegalArgumentException("Cannot create position for split " + split + ": empty token");
    }
  }
}
