package dev.logpro.iceberg;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.io.api.Binary;

/**
 * Writes a column chunk dictionary-encoded until that stops paying, then plain: when the dictionary outgrows its
 * page-size limit, or when the chunk's first page does not come out smaller than plain encoding would be. Values
 * written so far are re-encoded plain at that point, so one chunk has dictionary pages first and plain pages after,
 * as Parquet allows.
 *
 * <p>The decision after each value calls the dictionary writer through its class, never through an interface; see
 * {@link ValuesWriters} for why that matters.
 */
final class DictionaryOrPlain extends ValuesWriter implements HeapHolder {
  /** {@code null} once closed: parquet-java's {@code close} keeps the dictionary's values, a column's worth of them. */
  private DictionaryValuesWriter dictionary;
  private final ValuesWriter plain;
  private ValuesWriter current;
  private boolean plainNow;
  /** Whether a page of this chunk went out dictionary-encoded, so its dictionary page must be written too. */
  private boolean dictionaryPagesWritten;
  private boolean dictionaryClosed;
  private boolean firstPage = true;
  /** The size of the page's values plain-encoded: what page cuts are decided on, whatever the encoding. */
  private long plainBytes;

  private final String column;
  private final EncodingHints hints;

  /** @param hints told whether the dictionary paid off for {@code column}, for the next files */
  DictionaryOrPlain(DictionaryValuesWriter dictionary, ValuesWriter plain, String column, EncodingHints hints) {
    this.column = column;
    this.hints = hints;
    this.dictionary = dictionary;
    this.plain = plain;
    this.current = dictionary;
  }

  @Override
  public long getBufferedSize() {
    return plainBytes;
  }

  @Override
  public long heapBytes() {
    long heap = plain instanceof HeapHolder holder ? holder.heapBytes() : 0;
    if (dictionary instanceof HeapHolder own) {
      heap += own.heapBytes();
    } else if (dictionary != null) {
      heap += DictionaryHeap.of(dictionary);
    }
    return heap;
  }

  @Override
  public BytesInput getBytes() {
    if (!plainNow && firstPage) {
      BytesInput encoded = dictionary.getBytes();
      if (dictionary.isCompressionSatisfying(plainBytes, encoded.size())) {
        hints.keptDictionary(column);
        return encoded;
      }
      hints.gaveUpDictionary(column);
      switchToPlain();
      dictionary.close();
      dictionary = null;
      dictionaryClosed = true;
    }
    return current.getBytes();
  }

  @Override
  public Encoding getEncoding() {
    Encoding encoding = current.getEncoding();
    if (!plainNow && encoding.usesDictionary()) {
      dictionaryPagesWritten = true;
    }
    return encoding;
  }

  @Override
  public void reset() {
    plainBytes = 0;
    firstPage = false;
    current.reset();
  }

  @Override
  public void close() {
    if (dictionary != null) {
      dictionary.close();
    }
    plain.close();
  }

  @Override
  public DictionaryPage toDictPageAndClose() {
    return dictionaryPagesWritten ? dictionary.toDictPageAndClose() : current.toDictPageAndClose();
  }

  @Override
  public void resetDictionary() {
    if (dictionaryPagesWritten) {
      dictionary.resetDictionary();
    } else {
      current.resetDictionary();
    }
    dictionaryPagesWritten = false;
    firstPage = true;
    if (!dictionaryClosed) {
      current = dictionary;
      plainNow = false;
    }
  }

  @Override
  public long getAllocatedSize() {
    return current.getAllocatedSize();
  }

  @Override
  public String memUsageString(String prefix) {
    return prefix + " DictionaryOrPlain " + (plainNow ? "plain" : "dictionary") + " {\n"
        + (dictionary == null ? prefix + " dictionary: closed" : dictionary.memUsageString(prefix + " dictionary:"))
        + "\n"
        + plain.memUsageString(prefix + " plain:") + "\n" + prefix + "}\n";
  }

  private void afterValue() {
    if (!plainNow && dictionary.shouldFallBack()) {
      hints.gaveUpDictionary(column);
      switchToPlain();
    }
  }

  private void switchToPlain() {
    plainNow = true;
    dictionary.fallBackAllValuesTo(plain);
    current = plain;
  }

  @Override
  public void writeBytes(Binary value) {
    plainBytes += 4 + value.length();
    current.writeBytes(value);
    afterValue();
  }

  @Override
  public void writeInteger(int value) {
    plainBytes += 4;
    current.writeInteger(value);
    afterValue();
  }

  @Override
  public void writeLong(long value) {
    plainBytes += 8;
    current.writeLong(value);
    afterValue();
  }

  @Override
  public void writeFloat(float value) {
    plainBytes += 4;
    current.writeFloat(value);
    afterValue();
  }

  @Override
  public void writeDouble(double value) {
    plainBytes += 8;
    current.writeDouble(value);
    afterValue();
  }
}
