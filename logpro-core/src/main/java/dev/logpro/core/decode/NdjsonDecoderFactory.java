package dev.logpro.core.decode;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Decoder;
import dev.logpro.api.DecoderFactory;
import dev.logpro.api.config.Doc;

/** The {@code ndjson} decoder: one JSON object per line into Arrow rows. */
public final class NdjsonDecoderFactory implements DecoderFactory<NdjsonDecoderFactory.Config> {

  /** The {@code ndjson} decoder has no options: how many rows it samples is the pipeline's setting. */
  @Doc("Decodes newline-delimited JSON: one object per line becomes a row; nested objects become structs and arrays"
      + " lists. Blank lines are skipped; a line that is not a valid JSON object is a dead letter.")
  public record Config() {}

  /** For {@link java.util.ServiceLoader}. */
  public NdjsonDecoderFactory() {}

  @Override
  public String type() {
    return "ndjson";
  }

  @Override
  public String description() {
    return "Decodes newline-delimited JSON objects into rows, inferring a nested schema from a sample.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  /** @throws IllegalArgumentException if the target schema has a column type JSON cannot fill */
  @Override
  public Decoder create(Config config, ComponentContext context) {
    return new NdjsonDecoder(context);
  }
}
