package dev.logpro.iceberg;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Sink;
import dev.logpro.api.SinkFactory;

/** Builds {@code iceberg} sinks. */
public final class IcebergSinkFactory implements SinkFactory<IcebergSinkConfig> {

  @Override
  public String type() {
    return "iceberg";
  }

  @Override
  public String description() {
    return "Writes Parquet files into an Apache Iceberg table, committing data and source positions atomically.";
  }

  @Override
  public Class<IcebergSinkConfig> configType() {
    return IcebergSinkConfig.class;
  }

  @Override
  public Sink create(IcebergSinkConfig config, ComponentContext context) {
    return new IcebergSink(config);
  }
}
