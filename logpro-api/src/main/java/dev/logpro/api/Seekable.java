package dev.logpro.api;

import java.util.Map;

/** A source that can resume from committed positions instead of starting over. */
public interface Seekable {

  /**
   * Resume each split after its committed position. Called once, before {@link Source#open}. Splits absent from the
   * map start from the beginning.
   */
  void seek(Map<String, Position> committed);
}
