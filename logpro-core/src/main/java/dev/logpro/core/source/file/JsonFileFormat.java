package dev.logpro.core.source.file;

import dev.logpro.core.decode.Framing;
import dev.logpro.core.decode.JsonDecoderFactory;
import java.io.IOException;
import java.util.Map;

/**
 * JSON files holding one top-level array. The opening bracket is cut off and its offset passed with every chunk
 * ({@link JsonDecoderFactory#ARRAY_START}); records are the elements, each with the comma after it. A file that does
 * not start with {@code [} is handed on whole, and the decoder makes it one dead letter.
 */
public final class JsonFileFormat implements FramedFileFormat {
  private static final int FIRST_READ = 4096;

  /** For {@link java.util.ServiceLoader}. */
  public JsonFileFormat() {}

  @Override
  public String name() {
    return "json";
  }

  @Override
  public FileLayout layout(FileHead head, Record options) throws IOException {
    for (int length = FIRST_READ; ; length = (int) Math.min(2L * length, Integer.MAX_VALUE - 8)) {
      byte[] buf = head.first(length);
      int bom = Framing.bomLength(buf, 0, buf.length);
      int i = bom;
      while (i < buf.length && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')) {
        i++;
      }
      if (i < buf.length) {
        if (buf[i] != '[') {
          return new FileLayout(bom, Map.of(), Framing.whole());
        }
        return new FileLayout(i + 1, Map.of(JsonDecoderFactory.ARRAY_START, Integer.toString(i + 1)),
            Framing.forJsonArray());
      }
      if (buf.length < length) {
        return new FileLayout(buf.length, Map.of(), Framing.whole()); // empty or blank: nothing to read
      }
    }
  }
}
