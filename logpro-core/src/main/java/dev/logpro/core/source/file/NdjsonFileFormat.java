package dev.logpro.core.source.file;

import dev.logpro.core.decode.Framing;
import java.io.IOException;
import java.util.Map;

/** NDJSON files: a record is a line. */
public final class NdjsonFileFormat implements FramedFileFormat {

  /** For {@link java.util.ServiceLoader}. */
  public NdjsonFileFormat() {}

  @Override
  public String name() {
    return "ndjson";
  }

  @Override
  public FileLayout layout(FileHead head, Record options) throws IOException {
    byte[] start = head.first(3);
    return new FileLayout(Framing.bomLength(start, 0, start.length), Map.of(), Framing.forFormat("ndjson"));
  }
}
