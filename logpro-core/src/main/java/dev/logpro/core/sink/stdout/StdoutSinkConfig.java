package dev.logpro.core.sink.stdout;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;

/** Options of the {@code stdout} sink. */
@Doc("Prints every row to standard output as one JSON object per line, for debugging a pipeline.")
public record StdoutSinkConfig(
    @Doc("Print at most this many rows, then count the rest silently; 0 prints every row.") @Default("0")
        long max_rows) {

  public StdoutSinkConfig {
    if (max_rows < 0) {
      throw new IllegalArgumentException("max_rows: must not be negative");
    }
  }
}
