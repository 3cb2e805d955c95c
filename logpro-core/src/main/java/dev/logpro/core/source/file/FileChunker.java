package dev.logpro.core.source.file;

import dev.logpro.api.Position;
import dev.logpro.api.RawMessage;
import dev.logpro.core.decode.Framing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Cuts one file into messages of whole records, starting at a byte offset. The file's format reads what comes before
 * its first record ({@link FileLayout}); bytes after the last complete record of a chunk are carried into the next
 * one, and a record longer than a chunk grows the buffer up to the record size limit.
 */
final class FileChunker implements AutoCloseable {
  private final Path file;
  private final String split;
  private final FileChannel channel;
  private final Framing.Framer framer;
  private final ChunkBuffers buffers;
  private final long maxRecordSize;
  private final Map<String, String> headers;
  private byte[] carry = new byte[0];
  private long carryOffset;
  private long readOffset;
  private boolean eof;

  FileChunker(Path file, long offset, FramedFileFormat format, Record options, ChunkBuffers buffers,
      long maxRecordSize) throws IOException {
    this.file = file;
    this.split = file.toString();
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      FileLayout layout = format.layout(new FileHead(file, channel, maxRecordSize), options);
      this.framer = layout.framer();
      this.headers = layout.headers();
      this.buffers = buffers;
      this.maxRecordSize = maxRecordSize;
      long start = Math.max(layout.recordsStart(), offset);
      this.carryOffset = start;
      this.readOffset = start;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * The next chunk of whole records, or {@code null} when the file is done. Its array comes from the source's
   * {@link ChunkBuffers} unless a long record needed a bigger one.
   */
  RawMessage next() throws IOException {
    byte[] buf = carry.length * 2 <= buffers.size() ? buffers.take() : new byte[carry.length * 2];
    System.arraycopy(carry, 0, buf, 0, carry.length);
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
        buffers.give(buf);
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
        buffers.give(buf);
        return null;
      }
      if (buf.length >= maxRecordSize) {
        buffers.give(buf);
        throw new IOException("Cannot read " + file + ": the record at byte " + carryOffset
            + " is longer than max_record_size_mb (" + (maxRecordSize >> 20) + " MiB)");
      }
      byte[] grown = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxRecordSize));
      buffers.give(buf);
      buf = grown;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
