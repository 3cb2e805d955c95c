package dev.logpro.core.decode;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Decoder;
import dev.logpro.api.DecoderFactory;
import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.api.config.Optional;
import java.util.List;

/** The {@code csv} decoder: RFC 4180 CSV records into Arrow rows, with a header naming the columns. */
public final class CsvDecoderFactory implements DecoderFactory<CsvDecoderFactory.Config> {

  /** The {@code csv} decoder's configuration. */
  @Doc("Decodes CSV (RFC 4180): one row per record; quoted fields may hold delimiters, doubled quotes and line"
      + " breaks. Column types are inferred from the first rows unless the target table has a schema.")
  public record Config(
      @Doc("The character between fields.") @Default(",") @Example(";") String delimiter,
      @Doc("The character around a field holding delimiters, quotes or line breaks; inside, a quote is doubled.")
          @Default("\"") @Example("'") String quote,
      @Doc("Whether a file starts with a header record naming the columns; the file source cuts it off and passes"
          + " it with every chunk.") @Default("true") @Example("false") boolean header,
      @Doc("The column names, in order; they replace the header's names. Without a header record (header: false,"
          + " or messages such as Kafka records) they are the only names.")
          @Optional @Example("[id, name, created_at]") List<String> columns,
      @Doc("The unquoted field text that stands for null; a quoted field is never null. An empty field in a"
          + " non-string column is always null.") @Default("") @Example("NULL") String null_value) {

    /** The configuration with every default. */
    public static Config defaults() {
      return new Config(",", "\"", true, null, "");
    }
  }

  /** For {@link java.util.ServiceLoader}. */
  public CsvDecoderFactory() {}

  @Override
  public String type() {
    return "csv";
  }

  @Override
  public String description() {
    return "Decodes CSV records (RFC 4180) into rows, inferring column types from a sample.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  /**
   * @throws IllegalArgumentException if the delimiter or quote is not one ASCII character, or the target schema has a
   *     column type CSV cannot fill
   */
  @Override
  public Decoder create(Config config, ComponentContext context) {
    return new CsvDecoder(config, context);
  }
}
