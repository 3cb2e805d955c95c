package dev.logpro.core.source.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/** The start of a file, for a {@link FramedFileFormat} to read what comes before its first record. */
public final class FileHead {
  private final Path file;
  private final FileChannel channel;
  private final long limit;

  FileHead(Path file, FileChannel channel, long limit) {
    this.file = file;
    this.channel = channel;
    this.limit = limit;
  }

  /** The file, for messages. */
  public Path file() {
    return file;
  }

  public long size() throws IOException {
    return channel.size();
  }

  /** The most bytes a file's preamble may take ({@code source.file.max_record_size_mb}). */
  public long limit() {
    return limit;
  }

  /**
   * The file's first {@code length} bytes, or all of them if it is shorter.
   *
   * @throws IOException if {@code length} is over {@link #limit()}
   */
  public byte[] first(int length) throws IOException {
    if (length > limit) {
      throw new IOException("Cannot read the start of " + file + ": it needs more than max_record_size_mb ("
          + (limit >> 20) + " MiB) before its first record");
    }
    byte[] buf = new byte[(int) Math.min(length, channel.size())];
    int filled = 0;
    while (filled < buf.length) {
      int n = channel.read(ByteBuffer.wrap(buf, filled, buf.length - filled), filled);
      if (n < 0) {
        return Arrays.copyOf(buf, filled);
      }
      filled += n;
    }
    return buf;
  }

  /** The file from its first byte as a stream; it reads at most {@link #limit()} bytes and leaves the file open. */
  public InputStream stream() {
    return new InputStream() {
      private long position;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (position >= limit) {
          throw new IOException("Cannot read the start of " + file + ": it needs more than max_record_size_mb ("
              + (limit >> 20) + " MiB) before its first record");
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, limit - position)), position);
        if (n > 0) {
          position += n;
        }
        return n;
      }
    };
  }
}
