package dev.logpro.iceberg;

import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * An Iceberg {@link org.apache.iceberg.io.OutputFile} seen as a Parquet {@link OutputFile}, as Iceberg's own
 * {@code ParquetIO} adapts it. It counts the bytes written itself, so the file length is known after close, and
 * can close the stream without a footer when the file is abandoned.
 */
final class ParquetOutput implements OutputFile {

  private static final int BUFFER_BYTES = 16 * 1024;

  private final org.apache.iceberg.io.OutputFile file;
  private Stream stream;

  ParquetOutput(org.apache.iceberg.io.OutputFile file) {
    this.file = file;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    return open(file.create());
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    return open(file.createOrOverwrite());
  }

  private PositionOutputStream open(java.io.OutputStream out) {
    // Buffered: parquet-java writes page headers and the footer through Thrift a few bytes at a time, and each small
    // write was a system call (a tenth of the sink's time with a file per partition of 1,806 partitions).
    this.stream = new Stream(new java.io.BufferedOutputStream(out, BUFFER_BYTES));
    return stream;
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return file.location();
  }

  /** Bytes written so far; the file length once the writer has ended it. */
  long length() {
    return stream == null ? 0 : stream.pos;
  }

  /** Closes the stream if open, without writing anything more. */
  void closeQuietly() {
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException | RuntimeException e) {
        // abandoned file: it is deleted next
      }
    }
  }

  private static final class Stream extends PositionOutputStream {
    private final java.io.OutputStream out;
    private long pos;
    private boolean closed;

    Stream(java.io.OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      pos += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        out.close();
      }
    }
  }
}
