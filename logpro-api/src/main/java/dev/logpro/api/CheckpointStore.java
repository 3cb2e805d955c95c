package dev.logpro.api;

import java.util.Map;

/**
 * Keeps a pipeline's source positions for sinks that cannot commit them with their data (stdout, raw Parquet). The
 * engine saves strictly after the sink confirmed its write ({@link Sink#flush}), so delivery through such a sink is
 * at least once: a crash between the two replays what was written since the last save, and nothing is lost.
 *
 * <p>A store that fails for a reason that may pass (a database restarting, a connection reset) throws
 * {@link RetriableException} having changed nothing; the engine retries the same call as {@code reliability.retry}
 * says. Any other exception is permanent and fails the run.
 */
public interface CheckpointStore extends AutoCloseable {

  /** The positions last saved for {@code pipelineId}, by split; empty if none. */
  Map<String, Position> load(String pipelineId) throws Exception;

  /**
   * Saves {@code positions} of {@code pipelineId} durably and all or nothing: after it returns, {@link #load} gives
   * these positions for these splits, even after a crash. The engine passes every split it knows (restored at start
   * or read since), so a store may either replace what it held or update it split by split.
   */
  void save(String pipelineId, Map<String, Position> positions) throws Exception;

  /** Releases connections and files; the default has none. */
  @Override
  default void close() throws Exception {}
}
