package dev.logpro.core.source.file;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Source;
import dev.logpro.api.SourceFactory;

/** The {@code file} source. */
public final class FileSourceFactory implements SourceFactory<FileSourceConfig> {

  @Override
  public String type() {
    return "file";
  }

  @Override
  public String description() {
    return "Reads local files (a file, a directory or a glob) once, resuming after the last committed byte of each.";
  }

  @Override
  public Class<FileSourceConfig> configType() {
    return FileSourceConfig.class;
  }

  /**
   * A byte source over the files for a {@link FramedFileFormat}, an Arrow source for an {@link ArrowFileFormat}.
   *
   * @throws IllegalArgumentException if no file format has the configured name
   */
  @Override
  public Source create(FileSourceConfig config, ComponentContext context) {
    FileFormat format = FileFormats.find(config.format());
    if (format instanceof ArrowFileFormat arrow) {
      return new ArrowFileSource(config, arrow);
    }
    return new FileSource(config, (FramedFileFormat) format);
  }
}
