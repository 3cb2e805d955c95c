package dev.logpro.iceberg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.io.api.Binary;

/**
 * PLAIN encoding of strings and binaries (each value's length as four little-endian bytes, then its bytes) into one
 * growing array per page. parquet-java's plain writer goes through a stream that writes the length a byte at a time
 * into a list of slabs; for columns of unique values (ids, URLs) that was a tenth of the sink's time.
 *
 * <p>Like parquet-java's, the bytes returned by {@link #getBytes} stay valid until {@link #reset}: the page writer
 * copies or compresses them before the next page starts.
 */
final class PlainBinaryWriter extends ValuesWriter implements HeapHolder {
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private static final byte[] NONE = new byte[0];

  private final int initialBytes;
  private byte[] page;
  private int size;

  /** @param initialBytes the first page array's size, allocated when the first value comes (most never do) */
  PlainBinaryWriter(int initialBytes) {
    this.initialBytes = initialBytes;
    this.page = NONE;
  }

  @Override
  public long heapBytes() {
    return page == null ? 0 : page.length;
  }

  @Override
  public void writeBytes(Binary value) {
    int length = value.length();
    int end = size + 4 + length;
    if (end > page.length || end < 0) {
      grow(end);
    }
    INTS.set(page, size, length);
    ByteBuffer bytes = value.toByteBuffer();
    if (bytes.hasArray()) {
      System.arraycopy(bytes.array(), bytes.arrayOffset() + bytes.position(), page, size + 4, length);
    } else {
      bytes.get(page, size + 4, length);
    }
    size = end;
  }

  private void grow(int needed) {
    if (needed < 0) {
      throw new IllegalStateException("Cannot buffer a Parquet page over 2 GiB of plain-encoded values");
    }
    long size = Math.max(needed, Math.max(initialBytes, 2L * page.length));
    page = Arrays.copyOf(page, (int) Math.min(Integer.MAX_VALUE - 16, size));
  }

  @Override
  public long getBufferedSize() {
    return size;
  }

  @Override
  public BytesInput getBytes() {
    return BytesInput.from(page, 0, size);
  }

  @Override
  public Encoding getEncoding() {
    return Encoding.PLAIN;
  }

  @Override
  public void reset() {
    size = 0;
  }

  @Override
  public void close() {
    size = 0;
    page = NONE;
  }

  @Override
  public long getAllocatedSize() {
    return page.length;
  }

  @Override
  public String memUsageString(String prefix) {
    return prefix + " PlainBinaryWriter " + size + "/" + page.length + " bytes";
  }
}
