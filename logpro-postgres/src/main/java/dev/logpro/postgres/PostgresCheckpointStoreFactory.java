package dev.logpro.postgres;

import dev.logpro.api.CheckpointStore;
import dev.logpro.api.CheckpointStoreFactory;
import dev.logpro.api.ComponentContext;

/** Builds {@code postgres} checkpoint stores. */
public final class PostgresCheckpointStoreFactory implements CheckpointStoreFactory<PostgresCheckpointStoreConfig> {

  @Override
  public String type() {
    return "postgres";
  }

  @Override
  public String description() {
    return "Positions in a PostgreSQL table, one row per pipeline and split, saved in one transaction each time.";
  }

  @Override
  public Class<PostgresCheckpointStoreConfig> configType() {
    return PostgresCheckpointStoreConfig.class;
  }

  @Override
  public CheckpointStore create(PostgresCheckpointStoreConfig config, ComponentContext context) {
    return new PostgresCheckpointStore(config);
  }
}
