package dev.logpro.api;

/** Builds {@link Sink}s; registered in {@code META-INF/services/dev.logpro.api.SinkFactory}. */
public interface SinkFactory<C extends Record> extends ComponentFactory<C, Sink> {

  /**
   * Whether a pipeline with this sink must configure {@code reliability.checkpoint_store}: true for a sink that is
   * not {@link Transactional} and whose output would be written again by every run without saved positions (raw
   * Parquet files). Config naming such a sink without a store fails before anything runs.
   */
  default boolean requiresCheckpointStore() {
    return false;
  }
}
