package dev.logpro.core.dlq;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetterQueue;
import dev.logpro.api.DeadLetterQueueFactory;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The {@code file} dead-letter queue. */
public final class FileDeadLetterQueueFactory
    implements DeadLetterQueueFactory<FileDeadLetterQueueConfig>, DeadLetterStore.Factory<FileDeadLetterQueueConfig> {

  @Override
  public String type() {
    return "file";
  }

  @Override
  public String description() {
    return "NDJSON files of dead letters (raw, raw_base64, error, stage, source, position, timestamp, pipeline,"
        + " headers); at least once.";
  }

  @Override
  public Class<FileDeadLetterQueueConfig> configType() {
    return FileDeadLetterQueueConfig.class;
  }

  @Override
  public DeadLetterQueue create(FileDeadLetterQueueConfig config, ComponentContext context) {
    return new FileDeadLetterQueue(Paths.get(config.path()));
  }

  @Override
  public DeadLetterStore store(FileDeadLetterQueueConfig config, String pipelineId) {
    return store(Paths.get(config.path()));
  }

  /** The dead letters in a file dead-letter queue's directory, or in one of its files. */
  public static DeadLetterStore store(Path path) {
    return new FileDeadLetterStore(path);
  }
}
