package dev.logpro.api;

import org.apache.arrow.vector.types.pojo.Schema;

/** A source that knows the schema of its records (Avro, Parquet, a database table): no inference needed. */
public interface Schematized {

  /** The Arrow schema of what this source produces; valid after {@link Source#open}. */
  Schema schema();
}
