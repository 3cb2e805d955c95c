package dev.logpro.core.pipeline;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.ComponentFactory;
import dev.logpro.core.config.ComponentConfig;

/**
 * A component that logpro built itself rather than from config (a replay's source and its record of failures),
 * handed to the engine in the shape config gives it.
 */
final class Prebuilt implements ComponentFactory<Prebuilt.Nothing, Object> {
  /** Prebuilt components take no options. */
  record Nothing() {}

  private final String type;
  private final Object component;

  private Prebuilt(String type, Object component) {
    this.type = type;
    this.component = component;
  }

  /** {@code component} as the engine expects a configured one, declared at {@code path}. */
  static ComponentConfig of(String path, String type, Object component) {
    return new ComponentConfig(path, new Prebuilt(type, component), new Nothing());
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public String description() {
    return "built by logpro: " + type;
  }

  @Override
  public Class<Nothing> configType() {
    return Nothing.class;
  }

  @Override
  public Object create(Nothing config, ComponentContext context) {
    return component;
  }
}
