package dev.logpro.cli;

import dev.logpro.core.config.ComponentConfig;
import dev.logpro.core.dlq.DeadLetterStore;
import dev.logpro.core.dlq.FileDeadLetterQueueFactory;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.iceberg.IcebergDeadLetterQueueConfig;
import dev.logpro.iceberg.IcebergDeadLetterQueueFactory;
import dev.logpro.iceberg.IcebergSinkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the dead letters a {@code logpro dlq} command names: a file DLQ's directory (or one of its files), an
 * Iceberg dead-letter table as {@code iceberg:<namespace>.<table>}, or the {@code reliability.dlq} of a pipeline's
 * config.
 */
final class DeadLetterStores {
  static final String ICEBERG = "iceberg:";

  private DeadLetterStores() {}

  /** A mistake on the command line, said in one line. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /**
   * @param target a path, {@code iceberg:<namespace>.<table>}, or {@code null} for the config's dead-letter queue
   * @param pipeline the pipeline's config, or {@code null}
   * @param warehouse the embedded catalog's warehouse for an {@code iceberg:} target, or {@code null} to take the
   *     catalog from the config (its dead-letter queue's, else its sink's)
   */
  static DeadLetterStore open(String target, Pipeline pipeline, Path warehouse) throws Exception {
    if (target == null) {
      if (pipeline == null) {
        throw new UsageException("name the dead-letter queue (a directory or iceberg:<namespace>.<table>) or give"
            + " --config");
      }
      return fromConfig(pipeline);
    }
    if (target.startsWith(ICEBERG)) {
      return iceberg(target.substring(ICEBERG.length()), pipeline, warehouse);
    }
    Path path = Path.of(target);
    if (!Files.exists(path)) {
      throw new UsageException("no such dead-letter queue: " + path);
    }
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    if (Files.isRegularFile(path) && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
      throw new UsageException(path + " is a pipeline config, not a dead-letter queue: give it as --config " + path);
    }
    return FileDeadLetterQueueFactory.store(path);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static DeadLetterStore fromConfig(Pipeline pipeline) throws Exception {
    ComponentConfig dlq = pipeline.config().deadLetterQueue();
    if (!(dlq.factory() instanceof DeadLetterStore.Factory factory)) {
      throw new UsageException(dlq.path() + ": a " + dlq.type() + " dead-letter queue cannot be read back");
    }
    return factory.store(dlq.config(), pipeline.id());
  }

  private static DeadLetterStore iceberg(String name, Pipeline pipeline, Path warehouse) throws Exception {
    int dot = name.lastIndexOf('.');
    if (name.isBlank() || dot == name.length() - 1) {
      throw new UsageException("expected iceberg:<namespace>.<table>, got iceberg:" + name);
    }
    String namespace = dot < 0 ? "default" : name.substring(0, dot);
    String table = name.substring(dot + 1);
    String warehouseDir = "./warehouse";
    Map<String, Object> catalog = null;
    if (warehouse != null) {
      warehouseDir = warehouse.toString();
    } else if (pipeline != null && pipeline.config().deadLetterQueue().config() instanceof IcebergDeadLetterQueueConfig c) {
      warehouseDir = c.warehouse();
      catalog = c.catalog();
    } else if (pipeline != null && pipeline.config().sink().config() instanceof IcebergSinkConfig c) {
      warehouseDir = c.warehouse();
      catalog = c.catalog();
    }
    IcebergDeadLetterQueueConfig config = new IcebergDeadLetterQueueConfig(warehouseDir, namespace, table, catalog);
    return new IcebergDeadLetterQueueFactory().store(config, pipeline == null ? table : pipeline.id());
  }
}
