package dev.logpro.api;

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
 */
public record DeadLetter(byte[] raw, String error, String stage, String source, String position, long timestampMillis) {
  public DeadLetter {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(stage, "stage");
  }
}
