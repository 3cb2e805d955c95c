package dev.logpro.core.source.file;

import dev.logpro.api.RawMessage;
import dev.logpro.core.decode.CsvDecoderFactory;
import dev.logpro.core.decode.Framing;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * CSV files: records end at a line break outside quotes, as the decoder's {@code delimiter} and {@code quote} say. With
 * {@code header: true} the first record is the header: cut off, and passed with every chunk.
 */
public final class CsvFileFormat implements FramedFileFormat {
  private static final int FIRST_READ = 1 << 16;

  /** For {@link java.util.ServiceLoader}. */
  public CsvFileFormat() {}

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public FileLayout layout(FileHead head, Record options) throws IOException {
    CsvDecoderFactory.Config csv =
        options instanceof CsvDecoderFactory.Config c ? c : CsvDecoderFactory.Config.defaults();
    Framing.Framer framer = Framing.forCsv(csv.delimiter().charAt(0), csv.quote().charAt(0));
    if (!csv.header()) {
      byte[] start = head.first(3);
      return new FileLayout(Framing.bomLength(start, 0, start.length), Map.of(), framer);
    }
    for (int length = FIRST_READ; ; length = (int) Math.min(2L * length, Integer.MAX_VALUE - 8)) {
      byte[] buf = head.first(length);
      int headerLength = Framing.csvHeaderLength(buf, 0, buf.length);
      if (headerLength >= 0) {
        return new FileLayout(headerLength, header(Framing.csvHeaderText(buf, 0, buf.length)), framer);
      }
      if (buf.length < length) {
        // The whole file is one header record without a line ending.
        byte[] ended = Arrays.copyOf(buf, buf.length + 1);
        ended[buf.length] = '\n';
        return new FileLayout(buf.length, header(Framing.csvHeaderText(ended, 0, ended.length)), framer);
      }
    }
  }

  private static Map<String, String> header(String text) {
    return Map.of(RawMessage.CSV_HEADER, text);
  }
}
