package dev.logpro.iceberg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.bytes.CapacityByteArrayOutputStream;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.io.ParquetEncodingException;

/**
 * A parquet-java dictionary writer that keeps the ids of its page's values in one array, reused page after page,
 * instead of parquet-java's list of slabs, which starts each page (and each row group's writer) with a new 16 KiB
 * slab: with many partitions' small row groups that was the sink's largest source of garbage. The data page is
 * encoded as parquet-java encodes it (the bit width, then the ids run-length and bit-packed), so the bytes are the
 * same. Distinct values are found through an open-addressing index kept here; subclasses keep the values and probe it
 * their own way ({@link BinaryDictionary}, {@link LongDictionary}).
 */
abstract class OwnDictionary extends DictionaryValuesWriter implements HeapHolder {
  private static final int MIN_INITIAL_SLAB_SIZE = 64;

  /** Slot → dictionary id + 1 (0: empty); probed linearly from a value's hash, at most half full. */
  int[] slots;
  /** How many distinct values there are: the id of the next new one. */
  int size;
  private int[] ids = new int[0];
  private int count;
  /** The encoders of pages handed out and not yet written: their buffers are released on reset or close. */
  private final List<RunLengthBitPackingHybridEncoder> encoders = new ArrayList<>(1);

  OwnDictionary(int initialSlots, int maxDictionaryByteSize, Encoding dataPages, Encoding dictionaryPage,
      ByteBufferAllocator allocator) {
    super(maxDictionaryByteSize, dataPages, dictionaryPage, allocator);
    this.slots = new int[initialSlots];
  }

  /**
   * The value with id {@link #size}, already stored by the subclass, goes into the empty {@code slot}: returns its id
   * and grows the index once it is half full.
   */
  final int added(int slot) {
    int id = size++;
    slots[slot] = id + 1;
    if (size * 2 > slots.length) {
      int[] grown = new int[slots.length * 2];
      int mask = grown.length - 1;
      for (int i = 0; i < size; i++) {
        int at = hashOf(i) & mask;
        while (grown[at] != 0) {
          at = (at + 1) & mask;
        }
        grown[at] = i + 1;
      }
      slots = grown;
    }
    return id;
  }

  /** The hash the index was probed with for the value of id {@code id}. */
  abstract int hashOf(int id);

  @Override
  public final int getDictionarySize() {
    return size;
  }

  @Override
  protected final void clearDictionaryContent() {
    Arrays.fill(slots, 0);
    size = 0;
  }

  /** Appends the id of the next value of the page. */
  final void addId(int id) {
    if (count == ids.length) {
      ids = Arrays.copyOf(ids, Math.max(256, count * 2));
    }
    ids[count++] = id;
  }

  /** Writes the value of dictionary id {@code id} into {@code writer}, plain: the page falls back. */
  abstract void writeValue(int id, ValuesWriter writer);

  /** Heap of the values. */
  abstract long valuesHeapBytes();

  @Override
  public final long heapBytes() {
    return 4L * (ids.length + slots.length) + valuesHeapBytes();
  }

  @Override
  public long getBufferedSize() {
    return 4L * count;
  }

  @Override
  public long getAllocatedSize() {
    return 4L * count + dictionaryByteSize;
  }

  @Override
  public BytesInput getBytes() {
    int bitWidth = BytesUtils.getWidthFromMaxInt(getDictionarySize() - 1);
    int initialSlabSize =
        CapacityByteArrayOutputStream.initialSlabSizeHeuristic(MIN_INITIAL_SLAB_SIZE, maxDictionaryByteSize, 10);
    RunLengthBitPackingHybridEncoder encoder =
        new RunLengthBitPackingHybridEncoder(bitWidth, initialSlabSize, maxDictionaryByteSize, allocator);
    encoders.add(encoder);
    try {
      for (int i = 0; i < count; i++) {
        encoder.writeInt(ids[i]);
      }
      BytesInput bytes = BytesInput.concat(BytesInput.from(new byte[] {(byte) bitWidth}), encoder.toBytes());
      lastUsedDictionarySize = getDictionarySize();
      lastUsedDictionaryByteSize = Math.toIntExact(dictionaryByteSize);
      return bytes;
    } catch (IOException e) {
      throw new ParquetEncodingException("could not encode the values", e);
    }
  }

  @Override
  public void fallBackAllValuesTo(ValuesWriter writer) {
    fallBackDictionaryEncodedData(writer);
    if (lastUsedDictionarySize == 0) {
      clearDictionaryContent();
      dictionaryByteSize = 0;
      count = 0;
    }
  }

  @Override
  public final void fallBackDictionaryEncodedData(ValuesWriter writer) {
    for (int i = 0; i < count; i++) {
      writeValue(ids[i], writer);
    }
  }

  @Override
  public void reset() {
    releaseEncoders();
    count = 0;
  }

  @Override
  public void close() {
    releaseEncoders();
    count = 0;
  }

  private void releaseEncoders() {
    for (RunLengthBitPackingHybridEncoder encoder : encoders) {
      encoder.close();
    }
    encoders.clear();
  }

  @Override
  public String memUsageString(String prefix) {
    return prefix + " " + getClass().getSimpleName() + " dict:" + dictionaryByteSize + " values:" + 4L * count;
  }
}
