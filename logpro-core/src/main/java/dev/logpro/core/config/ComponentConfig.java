package dev.logpro.core.config;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.ComponentFactory;

/**
 * A component chosen by its {@code type} and its bound config record.
 *
 * @param path where in the config it was declared ({@code source}, {@code reliability.dlq})
 */
public record ComponentConfig(String path, ComponentFactory<?, ?> factory, Record config) {

  public String type() {
    return factory.type();
  }

  /** Builds the component. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> T create(ComponentContext context) {
    return (T) ((ComponentFactory) factory).create(config, context);
  }
}
