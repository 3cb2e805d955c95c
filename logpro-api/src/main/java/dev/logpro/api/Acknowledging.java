package dev.logpro.api;

import java.util.Map;

/**
 * A source that wants to hear when its positions are durably committed (to commit Kafka offsets for lag tools, move
 * a finished file, confirm a replication slot's LSN).
 *
 * <p>The engine calls {@link #acknowledge} on the source's own thread, between two polls, never before the commit it
 * reports, and in commit order. After the source answered {@link Poll#END}, or the pipeline was asked to stop, the
 * source thread stays until the last commit is made and acknowledged, then closes the source. A failed commit is not
 * acknowledged.
 */
public interface Acknowledging {

  /** Every position the pipeline has committed as of this commit, by split (the restored ones included). */
  void acknowledge(Map<String, Position> committed) throws Exception;
}
