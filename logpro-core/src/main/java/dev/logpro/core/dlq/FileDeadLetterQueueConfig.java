package dev.logpro.core.dlq;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;

/** Options of the {@code file} dead-letter queue. */
@Doc("Writes dead letters to NDJSON files, one dead letter per line, readable by DuckDB's read_json.")
public record FileDeadLetterQueueConfig(
    @Doc("Directory the dead-letter files go to; created when the first dead letter arrives.")
        @Default("./dlq")
        @Example("./dlq")
        String path) {

  public FileDeadLetterQueueConfig {
    if (path != null && path.isBlank()) {
      throw new IllegalArgumentException("path: must not be empty");
    }
  }
}
