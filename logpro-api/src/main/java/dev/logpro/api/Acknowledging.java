package dev.logpro.api;

import java.util.Map;

/**
 * A source that wants to hear when its positions are durably committed (to commit Kafka offsets, move a finished
 * file, flush a replication slot). Called after every successful commit, never before.
 */
public interface Acknowledging {

  void acknowledge(Map<String, Position> committed) throws Exception;
}
