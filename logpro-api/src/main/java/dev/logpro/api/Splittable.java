package dev.logpro.api;

import java.util.List;

/** A source whose input divides into splits that can be read in parallel (files, Kafka partitions). */
public interface Splittable {

  /**
   * Divides this source into at most {@code parallelism} sources over disjoint splits. Called before {@link
   * Source#open}; the engine opens, polls and closes each one, and no longer uses this one.
   */
  List<Source> split(int parallelism);
}
