package dev.logpro.cli;

import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import java.io.PrintStream;
import java.util.Locale;

/** The end-of-run summary people read. */
final class Summary {
  private Summary() {}

  /** What the source's splits are called for people: files for the file source. */
  static String splitName(Pipeline pipeline) {
    return pipeline.config().source().type().equals("file") ? "file" : "source";
  }

  static void print(RunSummary s, String unit, PrintStream out) {
    out.printf(Locale.ROOT, "pipeline %s done in %.1f s%n", s.pipelineId(), s.elapsed().toMillis() / 1000.0);
    out.printf(Locale.ROOT, "  read        %,d rows, %s from %d %s%s (%.1f MB/s, %,.0f rows/s)%n", s.rowsRead(),
        bytes(s.bytesRead()), s.sources(), unit, s.sources() == 1 ? "" : "s", s.megabytesPerSecond(), s.rowsPerSecond());
    out.printf(Locale.ROOT, "  written     %,d rows%n", s.rowsWritten());
    out.printf(Locale.ROOT, "  dead letters %,d%n", s.deadLetters());
    out.printf(Locale.ROOT, "  committed   %d commit%s, %d file%s%s%n", s.commits(), s.commits() == 1 ? "" : "s",
        s.filesCommitted(), s.filesCommitted() == 1 ? "" : "s",
        s.lastCommitId() == null ? "" : ", snapshot " + s.lastCommitId());
    if (s.rowsRead() == 0) {
      out.println("  nothing new: every input was already committed");
    }
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1 << 20) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    if (n < 1L << 30) {
      return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
    }
    return String.format(Locale.ROOT, "%.2f GiB", n / 1073741824.0);
  }
}
