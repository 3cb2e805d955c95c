package dev.logpro.core.checkpoint;

import dev.logpro.api.CheckpointStore;
import dev.logpro.api.CheckpointStoreFactory;
import dev.logpro.api.ComponentContext;
import java.nio.file.Path;

/** The {@code local} checkpoint store. */
public final class LocalCheckpointStoreFactory implements CheckpointStoreFactory<LocalCheckpointStoreConfig> {

  @Override
  public String type() {
    return "local";
  }

  @Override
  public String description() {
    return "Positions in <dir>/<pipeline>.json, fsync'd and replaced by atomic rename: for one machine.";
  }

  @Override
  public Class<LocalCheckpointStoreConfig> configType() {
    return LocalCheckpointStoreConfig.class;
  }

  @Override
  public CheckpointStore create(LocalCheckpointStoreConfig config, ComponentContext context) {
    return new LocalCheckpointStore(Path.of(config.dir()));
  }
}
