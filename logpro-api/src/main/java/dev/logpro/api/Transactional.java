package dev.logpro.api;

import java.util.Map;

/**
 * A sink that commits data and source positions in one atomic step: after a crash, the positions it restores cover
 * exactly the rows it holds. This is how logpro gives exactly-once delivery.
 */
public interface Transactional {

  /**
   * How often the engine commits while data flows, in milliseconds; it also commits when a bounded source ends and
   * when the pipeline stops. Files roll by size independently of this.
   */
  default long commitIntervalMillis() {
    return 60_000;
  }

  /**
   * The positions of the last successful commit of pipeline {@code pipelineId}; empty if it never committed. Throws
   * {@link CannotResumeException} if it did commit but its positions cannot be found: the run must not silently start
   * over.
   */
  Map<String, Position> restorePositions(String pipelineId) throws Exception;

  /**
   * Starts pipeline {@code pipelineId} over, instead of {@link #restorePositions}: its positions are not read, and its
   * next commit records only those it is given ({@code logpro run --from-scratch}).
   */
  void resetPositions(String pipelineId) throws Exception;

  /**
   * Makes every row written since the last commit durable and visible together with {@code positions}, atomically.
   * When nothing was written, the positions alone may still be recorded. Throws if the outcome is not a success.
   */
  Commit commit(String pipelineId, Map<String, Position> positions) throws Exception;

  /**
   * What a commit did.
   *
   * @param id the destination's identifier for it (an Iceberg snapshot id), or {@code null} if nothing was committed
   * @param files data files added
   * @param rows rows added
   * @param bytes bytes added
   */
  record Commit(String id, long files, long rows, long bytes) {
    public static final Commit NONE = new Commit(null, 0, 0, 0);
  }
}
