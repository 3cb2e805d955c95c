package dev.logpro.core.source.file;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The chunk-sized arrays a file source reads into, kept for reuse once the engine has decoded what they held. A
 * buffer is only ever given back by whoever holds it last; when none is free a new one is allocated, and at most
 * {@code capacity} wait here, so an idle source holds a bounded amount of memory.
 */
final class ChunkBuffers {
  private final int size;
  private final BlockingQueue<byte[]> free;

  ChunkBuffers(int size, int capacity) {
    this.size = size;
    this.free = new ArrayBlockingQueue<>(capacity);
  }

  /** A buffer of exactly {@link #size()} bytes, holding whatever it held before. */
  byte[] take() {
    byte[] buffer = free.poll();
    return buffer != null ? buffer : new byte[size];
  }

  /** Keeps {@code buffer} for a later {@link #take} if it is chunk-sized and there is room; else drops it. */
  void give(byte[] buffer) {
    if (buffer.length == size) {
      free.offer(buffer);
    }
  }

  int size() {
    return size;
  }
}
