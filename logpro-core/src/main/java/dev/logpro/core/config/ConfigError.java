package dev.logpro.core.config;

/**
 * One thing wrong with a config, at a dotted path: {@code sink.iceberg.table: required}.
 *
 * @param path where, as a dotted path from the top of the file ({@code processing.transforms[2].type})
 * @param message what is wrong, lower case, no trailing period
 */
public record ConfigError(String path, String message) {
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
