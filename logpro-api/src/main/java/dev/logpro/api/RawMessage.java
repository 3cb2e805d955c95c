package dev.logpro.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Bytes from a source with where they came from. A message holds one record (a Kafka message) or a run of whole
 * records (a chunk of a file that ends on a record boundary); decoders handle both.
 *
 * @param data the bytes; only {@code [offset, offset + length)} belong to this message, and nobody mutates them
 * @param offset first byte of the message in {@code data}
 * @param length number of bytes
 * @param source where the bytes came from, for people: a file path, {@code topic/partition}
 * @param sourceOffset where the first byte sits in its split, in the source's own unit (a file's byte offset, a
 *     Kafka offset); with a record's offset inside the message it locates a bad record for the dead-letter queue
 * @param position the position to resume from once this message has been committed
 * @param timestampMillis when the source saw or produced the message, epoch milliseconds
 * @param key the message key, or {@code null}
 * @param headers source metadata (Kafka headers, a CSV file's header line under {@link #CSV_HEADER}); never null
 */
public record RawMessage(
    byte[] data,
    int offset,
    int length,
    String source,
    long sourceOffset,
    Position position,
    long timestampMillis,
    byte[] key,
    Map<String, String> headers) {

  /** Header carrying a CSV file's header line, so a chunk from the middle of the file can be decoded alone. */
  public static final String CSV_HEADER = "logpro.csv.header";

  public RawMessage {
    Objects.requireNonNull(data, "data");
    Objects.checkFromIndexSize(offset, length, data.length);
    Objects.requireNonNull(source, "source");
    headers = headers == null ? Map.of() : headers;
  }

  /** A message holding all of {@code data}, for tests and simple sources. */
  public static RawMessage of(byte[] data, String source, long sourceOffset, Position position) {
    return new RawMessage(data, 0, data.length, source, sourceOffset, position, System.currentTimeMillis(), null, Map.of());
  }

  /** A UTF-8 message, for tests. */
  public static RawMessage of(String text, String source) {
    return of(text.getBytes(StandardCharsets.UTF_8), source, 0, null);
  }

  /** A copy of {@code length} bytes starting {@code from} bytes into this message. */
  public byte[] copyOfRange(int from, int length) {
    byte[] copy = new byte[length];
    System.arraycopy(data, offset + from, copy, 0, length);
    return copy;
  }
}
