package dev.logpro.iceberg;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * Parquet's buffers in Arrow memory: the bytes a file writer holds for its open pages and for its row group's
 * compressed pages count against {@code processing.memory_limit_mb} like every batch, and live outside the Java heap,
 * where the garbage collector copied them again at every young collection until the row group was written. parquet-java
 * gives back what it takes through {@link #release}; whatever it still holds when the file is closed is released by
 * {@link #close}, so nothing outlives the file. Column writers run on several threads at once.
 */
final class PageMemory implements ByteBufferAllocator, AutoCloseable {
  private final BufferAllocator allocator;
  private final Map<ByteBuffer, ArrowBuf> held = new IdentityHashMap<>();
  private long bytes;

  PageMemory(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  @Override
  public synchronized ByteBuffer allocate(int size) {
    ArrowBuf buf = allocator.buffer(size);
    ByteBuffer view = buf.nioBuffer(0, size);
    held.put(view, buf);
    bytes += buf.capacity();
    return view;
  }

  @Override
  public synchronized void release(ByteBuffer buffer) {
    ArrowBuf buf = held.remove(buffer);
    if (buf != null) {
      bytes -= buf.capacity();
      buf.close();
    }
  }

  @Override
  public boolean isDirect() {
    return true;
  }

  /** Bytes this file's writers hold now. */
  synchronized long bytes() {
    return bytes;
  }

  @Override
  public synchronized void close() {
    held.values().forEach(ArrowBuf::close);
    held.clear();
    bytes = 0;
  }
}
