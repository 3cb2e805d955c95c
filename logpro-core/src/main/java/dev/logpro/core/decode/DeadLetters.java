package dev.logpro.core.decode;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.RawMessage;
import java.nio.charset.StandardCharsets;

/** Builds the dead letters of the decode stage. */
final class DeadLetters {

  static final String STAGE = "decode";
  private static final int MAX_QUOTED_BYTES = 80;

  private DeadLetters() {}

  /**
   * A dead letter holding bytes {@code [from, to)} of {@code message.data()}, positioned at the record's offset in its
   * source ({@code sourceOffset} plus the record's offset within the message). It keeps the message's headers (a CSV
   * file's header line), which the bytes need to be decoded again on replay.
   */
  static DeadLetter of(RawMessage message, int from, int to, String error) {
    byte[] raw = new byte[to - from];
    System.arraycopy(message.data(), from, raw, 0, raw.length);
    long position = message.sourceOffset() + (from - message.offset());
    return new DeadLetter(raw, error, STAGE, message.source(), String.valueOf(position), System.currentTimeMillis(),
        message.headers());
  }

  /** A value for an error message: decoded leniently, cut to a readable length, on one line. */
  static String quote(byte[] b, int off, int len) {
    String text = new String(b, off, Math.min(len, MAX_QUOTED_BYTES), StandardCharsets.UTF_8);
    text = text.replace("\r", "\\r").replace("\n", "\\n");
    return "\"" + text + (len > MAX_QUOTED_BYTES ? "...\"" : "\"");
  }
}
