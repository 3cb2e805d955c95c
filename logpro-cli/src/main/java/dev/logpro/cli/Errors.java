package dev.logpro.cli;

import dev.logpro.core.config.ConfigError;
import dev.logpro.core.config.ConfigException;
import dev.logpro.core.pipeline.Pipeline;
import java.nio.file.Path;

/** How the command reports failures: one line each, no stack traces for people's mistakes. */
final class Errors {
  private Errors() {}

  /** The pipeline a config file describes, or {@code null} after printing why it cannot run. */
  static Pipeline loadOrReport(Path config) {
    try {
      return Pipeline.fromFile(config);
    } catch (ConfigException e) {
      printConfig(e);
      return null;
    }
  }

  static void printConfig(ConfigException e) {
    for (ConfigError error : e.errors()) {
      System.err.println("error: " + error);
    }
  }

  /** The failure and its causes, one line each; the stack trace only when debugging. */
  static void printFailure(Throwable failure, boolean debug) {
    System.err.println("error: " + describe(failure));
    Throwable cause = failure.getCause();
    String previous = describe(failure);
    while (cause != null && cause != cause.getCause()) {
      String line = describe(cause);
      if (!previous.contains(line)) {
        System.err.println("  caused by: " + line);
      }
      previous = line;
      cause = cause.getCause();
    }
    if (debug) {
      failure.printStackTrace();
    }
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }
}
