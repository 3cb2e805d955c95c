package dev.logpro.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Replaces the generated part of {@code docs/benchmarks.md}, between its markers, and leaves the rest alone. */
final class DocsFile {
  static final String START = "<!-- results:start -->";
  static final String END = "<!-- results:end -->";

  private DocsFile() {}

  static void writeResults(Path file, String results) throws IOException {
    write(file, results, START, END);
  }

  /** The same for runs of partitioned tables only, between their own markers. */
  static void writePartitioned(Path file, String results) throws IOException {
    write(file, results, "<!-- partitioned:start -->", "<!-- partitioned:end -->");
  }

  /** The same for {@code ./bench positions}. */
  static void writePositions(Path file, String results) throws IOException {
    write(file, results, "<!-- positions:start -->", "<!-- positions:end -->");
  }

  private static void write(Path file, String results, String start, String end) throws IOException {
    String block = start + "\n<!-- Written by ./bench --write-docs; edits between these markers are lost. -->\n\n"
        + results.strip() + "\n\n" + end;
    String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n" + start + "\n" + end + "\n";
    int s = text.indexOf(start);
    int e = text.indexOf(end);
    String updated = s >= 0 && e > s
        ? text.substring(0, s) + block + text.substring(e + end.length())
        : text.stripTrailing() + "\n\n" + block + "\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, updated);
  }
}
