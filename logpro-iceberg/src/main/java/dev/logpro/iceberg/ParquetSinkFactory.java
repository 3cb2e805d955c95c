package dev.logpro.iceberg;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Sink;
import dev.logpro.api.SinkFactory;

/** Builds {@code parquet} sinks. */
public final class ParquetSinkFactory implements SinkFactory<ParquetSinkConfig> {

  @Override
  public String type() {
    return "parquet";
  }

  @Override
  public String description() {
    return "Writes plain Parquet files in Hive-style partition directories, each published by an atomic rename;"
        + " at least once through the checkpoint store.";
  }

  @Override
  public Class<ParquetSinkConfig> configType() {
    return ParquetSinkConfig.class;
  }

  /** Without saved positions every run would write every file again. */
  @Override
  public boolean requiresCheckpointStore() {
    return true;
  }

  @Override
  public Sink create(ParquetSinkConfig config, ComponentContext context) {
    return new ParquetSink(config);
  }
}
