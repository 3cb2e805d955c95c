package dev.logpro.core.source.file;

/**
 * How the {@code file} source reads files of one format, found with {@link java.util.ServiceLoader} under this
 * interface and chosen by {@link #name()}, the value of {@code source.file.format}. A format is one of two kinds:
 * {@link FramedFileFormat} (the source cuts files into chunks of whole records for the format's decoder: CSV, JSON,
 * Avro, Protobuf) or {@link ArrowFileFormat} (the format reads files into Arrow itself and no decoder runs: Parquet).
 * The decoder registered under the same name carries the format's options ({@code source.<format>}).
 */
public interface FileFormat {

  /** The format's name, the same as its decoder's type: {@code csv}, {@code parquet}. */
  String name();
}
