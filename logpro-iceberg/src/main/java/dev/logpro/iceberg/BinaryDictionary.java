package dev.logpro.iceberg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.io.api.Binary;

/**
 * parquet-java's dictionary writer for strings and binaries, keeping its values its own way: their bytes one after
 * another in one array, found through an open-addressing index hashed eight bytes at a time. parquet-java's keeps a
 * {@code Binary} and a byte array per distinct value in a linked hash map; with many partitions, each file's row group
 * starts a dictionary of its own, and those objects were most of the sink's garbage. Everything else is parquet-java's:
 * the ids of the page's values, the size counted against the dictionary's limit (four bytes plus the value's), the
 * fallback to plain, the dictionary page (the values in id order, plain-encoded).
 */
final class BinaryDictionary extends OwnDictionary {
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int INITIAL_SLOTS = 1 << 6;

  /** Dictionary id → hash of its value. */
  private int[] hashes = new int[INITIAL_SLOTS / 2];
  /** Dictionary id → start of its bytes in {@link #bytes}; entry {@code size} is the end of the last. */
  private int[] starts = new int[INITIAL_SLOTS / 2 + 1];
  private byte[] bytes = new byte[1024];

  BinaryDictionary(int maxDictionaryByteSize, Encoding dataPages, Encoding dictionaryPage,
      ByteBufferAllocator allocator) {
    super(INITIAL_SLOTS, maxDictionaryByteSize, dataPages, dictionaryPage, allocator);
  }

  @Override
  long valuesHeapBytes() {
    return bytes.length + 4L * (hashes.length + starts.length);
  }

  @Override
  int hashOf(int id) {
    return hashes[id];
  }

  @Override
  public void writeBytes(Binary value) {
    ByteBuffer buffer = value.toByteBuffer();
    byte[] array;
    int offset;
    int length = buffer.remaining();
    if (buffer.hasArray()) {
      array = buffer.array();
      offset = buffer.arrayOffset() + buffer.position();
    } else {
      array = value.getBytes();
      offset = 0;
    }
    int hash = hash(array, offset, length);
    int mask = slots.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int entry = slots[slot];
      if (entry == 0) {
        store(hash, array, offset, length);
        dictionaryByteSize += 4L + length;
        addId(added(slot));
        return;
      }
      int id = entry - 1;
      if (hashes[id] == hash
          && Arrays.equals(bytes, starts[id], starts[id + 1], array, offset, offset + length)) {
        addId(id);
        return;
      }
    }
  }

  @Override
  public DictionaryPage toDictPageAndClose() {
    if (lastUsedDictionarySize == 0) {
      return null;
    }
    int end = starts[lastUsedDictionarySize];
    byte[] page = new byte[4 * lastUsedDictionarySize + end];
    int at = 0;
    for (int id = 0; id < lastUsedDictionarySize; id++) {
      int length = starts[id + 1] - starts[id];
      INTS.set(page, at, length);
      System.arraycopy(bytes, starts[id], page, at + 4, length);
      at += 4 + length;
    }
    return new DictionaryPage(BytesInput.from(page), lastUsedDictionarySize, encodingForDictionaryPage);
  }

  @Override
  void writeValue(int id, ValuesWriter writer) {
    writer.writeBytes(Binary.fromReusedByteArray(bytes, starts[id], starts[id + 1] - starts[id]));
  }

  /** Stores a new value as id {@link #size}: its bytes after the others', and its hash. */
  private void store(int hash, byte[] array, int offset, int length) {
    if (size + 1 >= hashes.length) {
      hashes = Arrays.copyOf(hashes, hashes.length * 2);
      starts = Arrays.copyOf(starts, hashes.length + 1);
    }
    int start = starts[size];
    if (start + length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, start + length));
    }
    System.arraycopy(array, offset, bytes, start, length);
    hashes[size] = hash;
    starts[size + 1] = start + length;
  }

  /** A 32-bit hash of {@code array[offset, offset + length)}, mixing a word of eight bytes per step. */
  static int hash(byte[] array, int offset, int length) {
    long h = 0x9E3779B97F4A7C15L ^ length;
    int i = offset;
    int end = offset + length;
    for (; i + 8 <= end; i += 8) {
      h = Long.rotateLeft((h ^ (long) LONGS.get(array, i)) * 0xC2B2AE3D27D4EB4FL, 29);
    }
    long tail = 0;
    for (int shift = 0; i < end; i++, shift += 8) {
      tail |= (array[i] & 0xFFL) << shift;
    }
    h = (h ^ tail) * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    return (int) (h ^ (h >>> 32));
  }
}
