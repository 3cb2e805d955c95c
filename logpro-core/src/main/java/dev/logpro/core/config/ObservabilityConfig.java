package dev.logpro.core.config;

import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;

/** What a run tells people while it works. */
@Doc("What a run tells people while it works.")
public record ObservabilityConfig(
    @Doc("Progress line (sources, rows, MB/s) on standard error: auto shows it when standard error is a terminal.")
        @Default("auto")
        Progress progress,
    @Doc("Least severe log level printed.") @Default("warn") LogLevel log_level) {

  /** When to show the progress line. */
  public enum Progress {
    AUTO,
    ALWAYS,
    NEVER
  }

  /** Log levels, most severe first. */
  public enum LogLevel {
    ERROR,
    WARN,
    INFO,
    DEBUG
  }
}
