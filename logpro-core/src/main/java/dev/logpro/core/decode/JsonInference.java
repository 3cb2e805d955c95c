package dev.logpro.core.decode;

import dev.logpro.core.schema.ColumnType;
import dev.logpro.core.schema.InferredType;
import dev.logpro.core.schema.ValueParser;
import java.nio.charset.StandardCharsets;

/**
 * Feeds parsed JSON documents to an {@link InferredType}: numbers are int64 (or float64 when they have a fraction, an
 * exponent, or do not fit), strings are dates or timestamps when they read as ISO-8601 and strings otherwise (a string
 * of digits stays a string), objects are structs and arrays lists.
 */
final class JsonInference {

  private final ValueParser parser;

  JsonInference(ValueParser parser) {
    this.parser = parser;
  }

  /** Records the members of the object at {@code token} as the fields of {@code type}. */
  void observeObject(InferredType type, JsonTape tape, int token) {
    if (!type.observeObject()) {
      return;
    }
    for (int key = token + 1; key < tape.next(token); key = tape.next(key + 1)) {
      String name = new String(tape.bytes(key), tape.start(key), tape.length(key), StandardCharsets.UTF_8);
      observe(type.field(name), tape, key + 1);
    }
  }

  private void observe(InferredType type, JsonTape tape, int token) {
    byte[] bytes = tape.bytes(token);
    int start = tape.start(token);
    int length = tape.length(token);
    switch (tape.kind(token)) {
      case JsonTape.OBJECT -> observeObject(type, tape, token);
      case JsonTape.ARRAY -> {
        InferredType element = type.observeArray();
        if (element != null) {
          for (int t = token + 1; t < tape.next(token); t = tape.next(t)) {
            observe(element, tape, t);
          }
        }
      }
      case JsonTape.STRING -> {
        ColumnType temporal = parser.parseTemporal(bytes, start, length);
        type.observeScalar(temporal != null ? temporal : ColumnType.STRING);
      }
      case JsonTape.INTEGER ->
          type.observeScalar(parser.parseInt64(bytes, start, length) ? ColumnType.INT64 : ColumnType.FLOAT64);
      case JsonTape.DECIMAL -> type.observeScalar(ColumnType.FLOAT64);
      case JsonTape.TRUE, JsonTape.FALSE -> type.observeScalar(ColumnType.BOOL);
      default -> { } // null says nothing about the type
    }
  }
}
