package dev.logpro.core.source.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A format that reads files into Arrow itself (Parquet): the {@code file} source becomes an {@link
 * dev.logpro.api.ArrowSource} over its readers and no decoder runs, so the data is never turned back into bytes.
 */
public interface ArrowFileFormat extends FileFormat {

  /**
   * Opens one file.
   *
   * @param options the format's bound options ({@code source.<format>}), or {@code null} for its defaults
   * @throws IOException if the file cannot be read as this format
   */
  ArrowFileReader open(Path file, Record options) throws IOException;
}
