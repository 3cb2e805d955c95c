package dev.logpro.formats.parquet;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Decoder;
import dev.logpro.api.DecoderFactory;
import dev.logpro.api.config.Doc;
import dev.logpro.core.source.file.ArrowFileFormat;
import dev.logpro.core.source.file.ArrowFileReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@code parquet} format: Parquet files read straight into Arrow by the file source ({@link ArrowFileFormat}), so
 * no bytes are decoded and no decoder runs. It is registered as a decoder too, so that {@code format: parquet} is
 * validated and documented like every other format; that decoder cannot decode messages.
 */
public final class ParquetFormat implements DecoderFactory<ParquetFormat.Config>, ArrowFileFormat {

  /** The {@code parquet} format has no options: the schema comes from each file's footer. */
  @Doc("Reads Parquet files as Arrow, column by column, without decoding: the columns come from the file's schema."
      + " Groups become structs, LIST lists, MAP maps; decimal, date, time, timestamp (timestamptz when"
      + " isAdjustedToUTC, else timestamp), INT96 timestamps, string, enum, json and uuid (strings), binary and fixed"
      + " keep their meaning. Batches hold up to processing.batch_rows rows of one row group; a position is a row"
      + " group and a row in it. Every file must have the first file's schema; a file that differs or cannot be"
      + " read is a dead letter. Only for the file source.")
  public record Config() {}

  /** For {@link java.util.ServiceLoader}. */
  public ParquetFormat() {}

  @Override
  public String type() {
    return "parquet";
  }

  @Override
  public String name() {
    return "parquet";
  }

  @Override
  public String description() {
    return "Reads Parquet files straight into Arrow batches (file source only), with the file's own schema.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  /** @throws IllegalArgumentException always: Parquet is read from whole files, never decoded from messages */
  @Override
  public Decoder create(Config config, ComponentContext context) {
    throw new IllegalArgumentException("Cannot decode Parquet from messages: Parquet is read from whole files"
        + " (source type file, format parquet)");
  }

  @Override
  public ArrowFileReader open(Path file, Record options) throws IOException {
    return new ParquetArrowReader(file);
  }
}
