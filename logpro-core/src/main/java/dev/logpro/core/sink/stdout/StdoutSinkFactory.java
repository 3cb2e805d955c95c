package dev.logpro.core.sink.stdout;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Sink;
import dev.logpro.api.SinkFactory;

/** The {@code stdout} sink. */
public final class StdoutSinkFactory implements SinkFactory<StdoutSinkConfig> {

  @Override
  public String type() {
    return "stdout";
  }

  @Override
  public String description() {
    return "Prints rows as JSON lines on standard output (debugging; no delivery guarantee).";
  }

  @Override
  public Class<StdoutSinkConfig> configType() {
    return StdoutSinkConfig.class;
  }

  @Override
  public Sink create(StdoutSinkConfig config, ComponentContext context) {
    return new StdoutSink(System.out, config.max_rows());
  }
}
