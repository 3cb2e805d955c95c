package dev.logpro.iceberg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesWriter;

/**
 * parquet-java's dictionary writer for 64-bit integers or doubles (by their bits), keeping its values in two arrays
 * (the values in id order and an open-addressing index) instead of a linked hash map, which grows by rehashing into
 * new arrays and falls back to plain through an iterator of entry objects. With many partitions each file's row
 * group builds such a dictionary from nothing. Everything parquet-java decides stays as it was: ids, the size counted
 * against the limit (eight bytes a value), the fallback, and the dictionary page (the values plain, in id order;
 * doubles written as parquet-java writes them, NaNs in their canonical form).
 */
final class LongDictionary extends OwnDictionary {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int INITIAL_SLOTS = 1 << 8;

  private final boolean doubles;
  /** Dictionary id → value (a double's raw bits). */
  private long[] values = new long[INITIAL_SLOTS / 2];

  /** A dictionary of longs, or of doubles when {@code doubles}. */
  LongDictionary(boolean doubles, int maxDictionaryByteSize, Encoding dataPages, Encoding dictionaryPage,
      ByteBufferAllocator allocator) {
    super(INITIAL_SLOTS, maxDictionaryByteSize, dataPages, dictionaryPage, allocator);
    this.doubles = doubles;
  }

  @Override
  long valuesHeapBytes() {
    return 8L * values.length;
  }

  @Override
  int hashOf(int id) {
    return hash(values[id]);
  }

  @Override
  public void writeLong(long value) {
    add(value);
  }

  @Override
  public void writeDouble(double value) {
    add(Double.doubleToRawLongBits(value));
  }

  private void add(long value) {
    int mask = slots.length - 1;
    for (int slot = hash(value) & mask; ; slot = (slot + 1) & mask) {
      int entry = slots[slot];
      if (entry == 0) {
        if (size == values.length) {
          values = Arrays.copyOf(values, size * 2);
        }
        values[size] = value;
        dictionaryByteSize += 8;
        addId(added(slot));
        return;
      }
      if (values[entry - 1] == value) {
        addId(entry - 1);
        return;
      }
    }
  }

  private static int hash(long value) {
    long h = value * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  @Override
  public DictionaryPage toDictPageAndClose() {
    if (lastUsedDictionarySize == 0) {
      return null;
    }
    byte[] page = new byte[8 * lastUsedDictionarySize];
    for (int id = 0; id < lastUsedDictionarySize; id++) {
      LONGS.set(page, 8 * id, plainBits(values[id]));
    }
    return new DictionaryPage(BytesInput.from(page), lastUsedDictionarySize, encodingForDictionaryPage);
  }

  /** The bits plain encoding writes for {@code value}: parquet-java writes a double through doubleToLongBits. */
  private long plainBits(long value) {
    return doubles ? Double.doubleToLongBits(Double.longBitsToDouble(value)) : value;
  }

  @Override
  void writeValue(int id, ValuesWriter writer) {
    if (doubles) {
      writer.writeDouble(Double.longBitsToDouble(values[id]));
    } else {
      writer.writeLong(values[id]);
    }
  }
}
