package dev.logpro.core.checkpoint;

import dev.logpro.api.Position;
import java.io.IOException;
import java.util.Map;

/**
 * Keeps a pipeline's positions for sinks that cannot commit them with their data (stdout today, raw Parquet later).
 * The engine saves strictly after the sink confirmed its write, so delivery through such a sink is at least once: a
 * crash between the two replays what was written since the last save.
 */
public interface CheckpointStore {

  /** The positions last saved for {@code pipelineId}; empty if none. */
  Map<String, Position> load(String pipelineId) throws IOException;

  /** Replaces the saved positions of {@code pipelineId}, durably, all or nothing. */
  void save(String pipelineId, Map<String, Position> positions) throws IOException;
}
