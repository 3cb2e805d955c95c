package dev.logpro.core.source.file;

import dev.logpro.api.Position;
import dev.logpro.api.RawMessage;
import dev.logpro.core.decode.Framing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Cuts one file into messages of whole records, starting at a byte offset. Bytes after the last complete record of a
 * chunk are carried into the next one; a record longer than a chunk grows the buffer up to the record size limit.
 */
final class FileChunker implements AutoCloseable {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final Path file;
  private final String split;
  private final FileChannel channel;
  private final Framing.Framer framer;
  private final int chunkSize;
  private final long maxRecordSize;
  private final Map<String, String> headers;
  private byte[] carry = new byte[0];
  private long carryOffset;
  private long readOffset;
  private boolean eof;

  FileChunker(Path file, long offset, Framing.Framer framer, boolean csvHeader, int chunkSize, long maxRecordSize)
      throws IOException {
    this.file = file;
    this.split = file.toString();
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.framer = framer;
    this.chunkSize = chunkSize;
    this.maxRecordSize = maxRecordSize;
    long start = offset == 0 && startsWithBom() ? BOM.length : 0;
    Header header = csvHeader ? readHeader() : null;
    if (header != null) {
      start = header.end();
    }
    start = Math.max(start, offset);
    this.headers = header == null ? Map.of() : Map.of(RawMessage.CSV_HEADER, header.text());
    this.carryOffset = start;
    this.readOffset = start;
  }

  /** A CSV file's header record: its text, and the offset just after it (and after a byte-order mark). */
  private record Header(String text, long end) {}

  /** Reads the first record of the file as the CSV header. */
  private Header readHeader() throws IOException {
    byte[] buf = new byte[Math.min(chunkSize, 1 << 16)];
    int filled = 0;
    while (true) {
      int n = channel.read(ByteBuffer.wrap(buf, filled, buf.length - filled), filled);
      if (n > 0) {
        filled += n;
      }
      int length = Framing.csvHeaderLength(buf, 0, filled);
      if (length >= 0) {
        return new Header(Framing.csvHeaderText(buf, 0, filled), length);
      }
      if (n < 0) {
        // The whole file is one header record without a line ending.
        return new Header(Framing.csvHeaderText(appendNewline(buf, filled), 0, filled + 1), filled);
      }
      if (filled == buf.length) {
        if (buf.length >= maxRecordSize) {
          throw new IOException("Cannot read the header of " + file + ": longer than max_record_size_mb");
        }
        buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxRecordSize));
      }
    }
  }

  private static byte[] appendNewline(byte[] buf, int length) {
    byte[] out = Arrays.copyOf(buf, length + 1);
    out[length] = '\n';
    return out;
  }

  private boolean startsWithBom() throws IOException {
    ByteBuffer head = ByteBuffer.allocate(3);
    int n = channel.read(head, 0);
    return n == 3 && Arrays.equals(head.array(), BOM);
  }

  /** The next chunk of whole records, or {@code null} when the file is done. */
  RawMessage next() throws IOException {
    byte[] buf = Arrays.copyOf(carry, Math.max(chunkSize, carry.length * 2));
    int filled = carry.length;
    while (true) {
      while (!eof && filled < buf.length) {
        int n = channel.read(ByteBuffer.wrap(buf, filled, buf.length - filled), readOffset);
        if (n < 0) {
          eof = true;
        } else {
          filled += n;
          readOffset += n;
        }
      }
      if (filled == 0) {
        carry = new byte[0];
        return null;
      }
      int complete = framer.completeRecords(buf, 0, filled, eof);
      if (complete > 0) {
        carry = Arrays.copyOfRange(buf, complete, filled);
        long start = carryOffset;
        carryOffset += complete;
        return new RawMessage(buf, 0, complete, split, start, new Position(split, Long.toString(carryOffset)),
            System.currentTimeMillis(), null, headers);
      }
      if (eof) {
        carry = new byte[0];
        return null;
      }
      if (buf.length >= maxRecordSize) {
        throw new IOException("Cannot read " + file + ": the record at byte " + carryOffset
            + " is longer than max_record_size_mb (" + (maxRecordSize >> 20) + " MiB)");
      }
      buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxRecordSize));
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
