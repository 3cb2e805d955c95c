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
    String block = START + "\n<!-- Written by ./bench --write-docs; edits between these markers are lost. -->\n\n"
        + results.strip() + "\n\n" + END;
    String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n" + START + "\n" + END + "\n";
    int s = text.indexOf(START);
    int e = text.indexOf(END);
    String updated = s >= 0 && e > s
        ? text.substring(0, s) + block + text.substring(e + END.length())
        : text.stripTrailing() + "\n\n" + block + "\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, updated);
  }
}
