package dev.logpro.formats;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Source;
import dev.logpro.core.source.file.FileSourceConfig;
import dev.logpro.core.source.file.FileSourceFactory;
import dev.logpro.testkit.SourceConformance;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file source over Parquet, which it reads into Arrow itself (an {@code ArrowSource}), passes the source
 * conformance suite: files of several row groups, read a few rows per batch. (Avro files are read as bytes, a block
 * per message, and decoded by the decoder: the suite's line-based comparison does not apply to them.)
 */
class ArrowFileSourceConformanceTest {

  @Nested
  class Parquet extends SourceConformance {
    @TempDir Path dir;

    @BeforeEach
    void input() throws Exception {
      ParquetFormatTest.write(dir.resolve("a.parquet"), 0, 60, 25);
      ParquetFormatTest.write(dir.resolve("b.parquet"), 60, 100, 16);
    }

    /** Small batches, so a row group takes several polls and resuming starts inside one. */
    @Override
    protected int batchRows() {
      return 7;
    }

    @Override
    protected Source newSource(ComponentContext context) {
      return new FileSourceFactory().create(new FileSourceConfig(dir.toString(), "parquet", 1024, 1), context);
    }

    @Override
    protected int expectedRecords() {
      return 100;
    }
  }
}
