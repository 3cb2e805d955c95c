package dev.logpro.core.dlq;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetterQueue;
import dev.logpro.api.DeadLetterQueueFactory;
import java.nio.file.Paths;

/** The {@code file} dead-letter queue. */
public final class FileDeadLetterQueueFactory implements DeadLetterQueueFactory<FileDeadLetterQueueConfig> {

  @Override
  public String type() {
    return "file";
  }

  @Override
  public String description() {
    return "NDJSON files of dead letters (raw, raw_base64, error, stage, source, position, timestamp, pipeline).";
  }

  @Override
  public Class<FileDeadLetterQueueConfig> configType() {
    return FileDeadLetterQueueConfig.class;
  }

  @Override
  public DeadLetterQueue create(FileDeadLetterQueueConfig config, ComponentContext context) {
    return new FileDeadLetterQueue(Paths.get(config.path()));
  }
}
