package dev.logpro.core.source.file;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Source;
import dev.logpro.testkit.SourceConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The file source passes the source conformance suite, for line formats read in small chunks over several files. */
class FileSourceConformanceTest {
  private static final int FILES = 3;
  private static final int LINES = 400;

  @Nested
  class Ndjson extends SourceConformance {
    @TempDir Path dir;

    @BeforeEach
    void input() throws Exception {
      for (int f = 0; f < FILES; f++) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
          text.append("{\"file\": ").append(f).append(", \"n\": ").append(i).append(", \"pad\": \"")
              .append("x".repeat(i % 37)).append("\"}\n");
        }
        Files.writeString(dir.resolve("part-" + f + ".ndjson"), text);
      }
    }

    @Override
    protected Source newSource(ComponentContext context) {
      return new FileSourceFactory().create(new FileSourceConfig(dir.toString(), "ndjson", 1, 1), context);
    }

    @Override
    protected int expectedRecords() {
      return FILES * LINES;
    }
  }

  @Nested
  class Csv extends SourceConformance {
    @TempDir Path dir;

    @BeforeEach
    void input() throws Exception {
      for (int f = 0; f < FILES; f++) {
        StringBuilder text = new StringBuilder("file,n,pad\n");
        for (int i = 0; i < LINES; i++) {
          text.append(f).append(',').append(i).append(',').append("y".repeat(i % 41)).append('\n');
        }
        Files.writeString(dir.resolve("part-" + f + ".csv"), text);
      }
    }

    @Override
    protected Source newSource(ComponentContext context) {
      return new FileSourceFactory().create(new FileSourceConfig(dir.toString(), "csv", 1, 1), context);
    }

    /** Every row; a file's header line travels in its messages' headers, not their bytes. */
    @Override
    protected int expectedRecords() {
      return FILES * LINES;
    }
  }
}
