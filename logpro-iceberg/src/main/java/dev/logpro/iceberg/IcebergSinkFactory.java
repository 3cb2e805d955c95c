package dev.logpro.iceberg;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Sink;
import dev.logpro.api.SinkFactory;
import java.util.List;

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

  /** The catalog's type, before anything connects to it (partition_by is checked by the config record). */
  @Override
  public List<String> check(IcebergSinkConfig config) {
    return Catalogs.check(config.catalog());
  }

  @Override
  public Sink create(IcebergSinkConfig config, ComponentContext context) {
    return new IcebergSink(config);
  }
}
