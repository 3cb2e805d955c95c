package dev.logpro.api.config;

/**
 * Implemented by the config record of a source that hands on bytes: {@link #format()} names the decoder type that
 * turns them into rows ({@code csv}, {@code ndjson}). The decoder's own options sit beside the source's, under a key
 * named after the format: {@code source.csv.delimiter}.
 */
public interface HasFormat {
  String format();
}
