package dev.logpro.core.decode;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Decoder;
import dev.logpro.api.DecoderFactory;
import dev.logpro.api.config.Doc;

/** The {@code json} decoder: the objects of a top-level JSON array into Arrow rows. */
public final class JsonDecoderFactory implements DecoderFactory<JsonDecoderFactory.Config> {

  /**
   * Header of a chunk that holds elements of a JSON array whose opening bracket the file source has cut off: the
   * byte offset (in decimal) of the array's first element, so the decoder knows which chunk starts the array.
   */
  public static final String ARRAY_START = "logpro.json.array_start";

  /** The {@code json} decoder has no options: how many rows it samples is the pipeline's setting. */
  @Doc("Decodes a JSON array of objects (a file holding one top-level array, or a message holding one): each object"
      + " becomes a row; nested objects become structs and arrays lists. The file source cuts a big array between"
      + " elements, so it is read in chunks like NDJSON. An element that is not a valid JSON object, or an input that"
      + " is not an array, is a dead letter.")
  public record Config() {}

  /** For {@link java.util.ServiceLoader}. */
  public JsonDecoderFactory() {}

  @Override
  public String type() {
    return "json";
  }

  @Override
  public String description() {
    return "Decodes the objects of a top-level JSON array into rows, inferring a nested schema from a sample.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  /** @throws IllegalArgumentException if the target schema has a column type JSON cannot fill */
  @Override
  public Decoder create(Config config, ComponentContext context) {
    return new JsonArrayDecoder(context);
  }
}
