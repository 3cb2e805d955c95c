package dev.logpro.cli;

import java.util.Locale;

/**
 * Sets slf4j-simple's levels before the first logger exists: the chosen level for logpro, and quiet third-party
 * loggers that report routine events as warnings (Iceberg's scan reporter and format registry, Hadoop's native code).
 */
final class Logging {
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private Logging() {}

  static void configureDefaults() {
    setIfAbsent("defaultLogLevel", "warn");
    setIfAbsent("logFile", "System.err");
    setIfAbsent("showDateTime", "true");
    setIfAbsent("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setIfAbsent("log.org.apache.hadoop", "error");
    setIfAbsent("log.org.apache.iceberg.metrics.LoggingMetricsReporter", "warn");
    setIfAbsent("log.org.apache.iceberg.formats.FormatModelRegistry", "error");
    setIfAbsent("log.org.apache.parquet", "warn");
    // Iceberg logs every retried commit conflict with a stack trace; a commit that finally fails is reported anyway.
    setIfAbsent("log.org.apache.iceberg.util.Tasks", "error");
  }

  /** logpro's own level; Iceberg and friends stay at warn unless debugging. */
  static void level(String level) {
    String lower = level.toLowerCase(Locale.ROOT);
    System.setProperty(PREFIX + "log.dev.logpro", lower);
    if (lower.equals("debug")) {
      System.setProperty(PREFIX + "defaultLogLevel", "info");
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(PREFIX + key) == null) {
      System.setProperty(PREFIX + key, value);
    }
  }
}
