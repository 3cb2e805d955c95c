package dev.logpro.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that cannot run, with every error found (not just the first). */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public static ConfigException of(String path, String message) {
    return new ConfigException(List.of(new ConfigError(path, message)));
  }

  public List<ConfigError> errors() {
    return errors;
  }
}
