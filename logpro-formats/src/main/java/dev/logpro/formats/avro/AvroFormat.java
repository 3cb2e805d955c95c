package dev.logpro.formats.avro;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Decoder;
import dev.logpro.api.DecoderFactory;
import dev.logpro.api.config.Doc;
import dev.logpro.core.source.file.FileHead;
import dev.logpro.core.source.file.FileLayout;
import dev.logpro.core.source.file.FramedFileFormat;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The {@code avro} format: Avro object container files. The file source reads each file's header once (the writer's
 * schema, the codec, the sync marker), passes it with every chunk, and cuts chunks at block boundaries, so a position
 * is the offset of a block and a restart resumes at one. The decoder maps the schema to Arrow itself ({@link
 * AvroSchemas}); nothing is inferred.
 */
public final class AvroFormat implements DecoderFactory<AvroFormat.Config>, FramedFileFormat {
  static final String SCHEMA = "logpro.avro.schema";
  static final String CODEC = "logpro.avro.codec";
  static final String SYNC = "logpro.avro.sync";

  /** The {@code avro} format has no options: the schema comes from each file. */
  @Doc("Decodes Avro object container files (as written by Avro's DataFileWriter; codecs null, deflate, snappy,"
      + " zstandard). The columns come from the file's schema: records become structs, arrays lists, maps maps, a"
      + " union with null a nullable column; decimal, date, time, timestamp (timestamptz), local-timestamp"
      + " (timestamp), uuid (string), enum (string), bytes and fixed (binary) keep their meaning. A union of other"
      + " types, a damaged block, or a file whose schema differs from the first file's, is a dead letter.")
  public record Config() {}

  /** For {@link java.util.ServiceLoader}. */
  public AvroFormat() {}

  @Override
  public String type() {
    return "avro";
  }

  @Override
  public String name() {
    return "avro";
  }

  @Override
  public String description() {
    return "Decodes Avro object container files into rows, with the columns of the file's own schema.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Decoder create(Config config, ComponentContext context) {
    return new AvroDecoder(context);
  }

  @Override
  public FileLayout layout(FileHead head, Record options) throws IOException {
    AvroHeader header;
    try {
      header = AvroHeader.read(head.stream());
    } catch (IOException e) {
      throw new IOException("Cannot read " + head.file() + " as Avro: " + e.getMessage(), e);
    }
    if (!AvroCodecs.supports(header.codec())) {
      throw new IOException("Cannot read " + head.file() + ": its Avro codec " + header.codec()
          + " is not supported (" + AvroCodecs.SUPPORTED + ")");
    }
    Map<String, String> headers = Map.of(
        SCHEMA, header.schema(), CODEC, header.codec(), SYNC, HexFormat.of().formatHex(header.sync()));
    return new FileLayout(header.length(), headers, new AvroBlocks(header.sync()));
  }
}
