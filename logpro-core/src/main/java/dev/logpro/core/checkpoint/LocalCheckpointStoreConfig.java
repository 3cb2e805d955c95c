package dev.logpro.core.checkpoint;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;

/** Options of the {@code local} checkpoint store. */
@Doc("Keeps positions in a local directory, one JSON file per pipeline, replaced atomically on every save (written"
    + " to a temporary file, forced to disk, renamed over the old one).")
public record LocalCheckpointStoreConfig(
    @Doc("Directory of the position files; created on the first save. Keep it on the machine that runs the"
            + " pipeline and out of the sink's output.")
        @Default("./checkpoints")
        @Example("/var/lib/logpro/checkpoints")
        String dir) {

  public LocalCheckpointStoreConfig {
    if (dir != null && dir.isBlank()) {
      throw new IllegalArgumentException("dir: must not be empty");
    }
  }
}
