package dev.logpro.core.source.file;

import dev.logpro.core.decode.Framing;
import java.util.Map;
import java.util.Objects;

/**
 * How one file of a {@link FramedFileFormat} is laid out.
 *
 * @param recordsStart the byte offset of the first record: after a byte-order mark, a CSV header line, the opening
 *     bracket of a JSON array, an Avro header
 * @param headers what every chunk of the file carries in {@link dev.logpro.api.RawMessage#headers()} (a CSV header
 *     line, an Avro schema)
 * @param framer where records end; each call starts at a record boundary
 */
public record FileLayout(long recordsStart, Map<String, String> headers, Framing.Framer framer) {
  public FileLayout {
    if (recordsStart < 0) {
      throw new IllegalArgumentException("recordsStart: must not be negative, got " + recordsStart);
    }
    headers = Map.copyOf(headers);
    Objects.requireNonNull(framer, "framer");
  }
}
