package dev.logpro.api;

import java.util.Map;
import java.util.Objects;

/**
 * A record that could not be processed, with everything needed to understand and replay it.
 *
 * @param raw the record's bytes exactly as read
 * @param error what went wrong, one line
 * @param stage where it went wrong: {@code decode}, {@code transform}, {@code validate}, {@code sink}
 * @param source where the bytes came from (a file path, a topic-partition)
 * @param position where in the source (a byte offset, a Kafka offset), in the source's own unit
 * @param timestampMillis when it was dead-lettered
 * @param headers what the decoder needs besides {@code raw} to read the record again: the headers of the message it
 *     came in ({@link RawMessage#headers()}), such as a CSV file's header line under {@link RawMessage#CSV_HEADER};
 *     never null
 */
public record DeadLetter(
    byte[] raw,
    String error,
    String stage,
    String source,
    String position,
    long timestampMillis,
    Map<String, String> headers) {

  public DeadLetter {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(stage, "stage");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** A dead letter whose raw bytes can be read again without any header. */
  public DeadLetter(byte[] raw, String error, String stage, String source, String position, long timestampMillis) {
    this(raw, error, stage, source, position, timestampMillis, Map.of());
  }
}
