package dev.logpro.iceberg;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetterQueue;
import dev.logpro.api.DeadLetterQueueFactory;
import dev.logpro.core.dlq.DeadLetterStore;
import java.util.List;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/** Builds {@code iceberg} dead-letter queues, and opens their tables for {@code logpro dlq inspect} and replay. */
public final class IcebergDeadLetterQueueFactory implements DeadLetterQueueFactory<IcebergDeadLetterQueueConfig>,
    DeadLetterStore.Factory<IcebergDeadLetterQueueConfig> {
  static final String PATH = "reliability.dlq";

  @Override
  public String type() {
    return "iceberg";
  }

  @Override
  public String description() {
    return "An Iceberg table of dead letters (raw, error, stage, source, position, timestamp, pipeline, headers),"
        + " committed before the positions they cover; exactly once.";
  }

  @Override
  public Class<IcebergDeadLetterQueueConfig> configType() {
    return IcebergDeadLetterQueueConfig.class;
  }

  /** The catalog's type, before anything connects to it. */
  @Override
  public List<String> check(IcebergDeadLetterQueueConfig config) {
    return Catalogs.check(config.catalog());
  }

  @Override
  public DeadLetterQueue create(IcebergDeadLetterQueueConfig config, ComponentContext context) {
    return new IcebergDeadLetterQueue(tableConfig(config, context.pipelineId()));
  }

  @Override
  public DeadLetterStore store(IcebergDeadLetterQueueConfig config, String pipelineId) throws Exception {
    return new IcebergDeadLetterStore(Catalogs.open(config.warehouse(), config.catalog(), PATH),
        identifier(config, pipelineId));
  }

  static TableIdentifier identifier(IcebergDeadLetterQueueConfig config, String pipelineId) {
    return TableIdentifier.of(Namespace.of(config.namespace().split("\\.")), config.tableFor(pipelineId));
  }

  /** The table as a sink writes it: partitioned by pipeline, small files, committed whenever the engine asks. */
  private static IcebergSinkConfig tableConfig(IcebergDeadLetterQueueConfig config, String pipelineId) {
    return new IcebergSinkConfig(config.warehouse(), config.namespace(), config.tableFor(pipelineId),
        DeadLetterTable.PARTITION_BY, 64, IcebergSinkConfig.Compression.ZSTD, 0, config.catalog());
  }
}
