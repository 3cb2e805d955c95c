package dev.logpro.iceberg;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.fallback.FallbackValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The values writers of our data files: parquet-java's own encodings and choices, with two changes where profiles of
 * the sink showed time going that bought nothing.
 *
 * <ul>
 *   <li>A dictionary-encoded column is wrapped in {@link DictionaryOrPlain} rather than parquet-java's fallback
 *       writer, whose check after every value casts to an interface and calls through it; with several dictionary
 *       writer classes in play that check cost about a tenth of the sink's CPU on JDK 17.
 *   <li>String and binary dictionaries keep their values in {@link BinaryDictionary}'s arrays, hashed eight bytes at
 *       a time, instead of a {@code Binary} object per value in a map of objects; 64-bit integers and doubles in
 *       {@link LongDictionary}'s, instead of a linked hash map.
 *   <li>Plain-encoded strings and binaries go into one array per page ({@link PlainBinaryWriter}) rather than
 *       through a byte-at-a-time stream.
 * </ul>
 *
 * The bytes written are the same: the same encodings, dictionary pages, fallback points and page cuts.
 */
final class ValuesWriters implements ValuesWriterFactory {
  private final ValuesWriterFactory defaults = new DefaultValuesWriterFactory();
  private final List<HeapHolder> live = new ArrayList<>();
  private final EncodingHints hints;
  private ParquetProperties properties;

  /** @param hints what earlier files of the same write learned about their columns, shared with them */
  ValuesWriters(EncodingHints hints) {
    this.hints = hints;
  }

  /** Heap held by the writers made for the current row group. */
  long heapBytes() {
    long total = 0;
    for (HeapHolder writer : live) {
      total += writer.heapBytes();
    }
    return total;
  }

  /** The row group's writers are closed: they hold nothing any more. */
  void rowGroupDone() {
    live.clear();
  }

  @Override
  public void initialize(ParquetProperties properties) {
    this.properties = properties;
    defaults.initialize(properties);
  }

  @Override
  public ValuesWriter newValuesWriter(ColumnDescriptor descriptor) {
    ValuesWriter writer = create(descriptor);
    if (writer instanceof HeapHolder holder) {
      live.add(holder);
    }
    return writer;
  }

  private ValuesWriter create(ColumnDescriptor descriptor) {
    ValuesWriter writer = defaults.newValuesWriter(descriptor);
    boolean binaryV1 = descriptor.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY
        && properties.getWriterVersion() == ParquetProperties.WriterVersion.PARQUET_1_0;
    if (writer.getClass() == PlainValuesWriter.class && binaryV1) {
      return plainBinary();
    }
    if (!(writer instanceof FallbackValuesWriter<?, ?> fallback)
        || !(fallback.initialWriter instanceof DictionaryValuesWriter dictionary)) {
      return writer;
    }
    ValuesWriter plain = fallback.fallBackWriter;
    boolean ownBinary = binaryV1 && dictionary.getClass() == DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter.class
        && plain.getClass() == PlainValuesWriter.class;
    if (ownBinary) {
      plain = plainBinary();
    }
    String column = String.join(".", descriptor.getPath());
    // Only for strings and binaries, where the plain writer is ours. Handing parquet-java's own plain writer of an
    // INT64 column out directly corrupted its values when a row group was written out early
    // (ManyPartitionsSmallHeapTest); not understood yet, and numbers gain little from skipping the dictionary.
    if (ownBinary && hints.startPlain(column)) {
      dictionary.close();
      return plain;
    }
    boolean v1 = properties.getWriterVersion() == ParquetProperties.WriterVersion.PARQUET_1_0;
    Class<?> kind = dictionary.getClass();
    if (ownBinary) {
      dictionary.close();
      dictionary = new BinaryDictionary(properties.getDictionaryPageSizeThreshold(),
          Encoding.PLAIN_DICTIONARY, Encoding.PLAIN_DICTIONARY, properties.getAllocator());
    } else if (v1 && (kind == DictionaryValuesWriter.PlainLongDictionaryValuesWriter.class
        || kind == DictionaryValuesWriter.PlainDoubleDictionaryValuesWriter.class)) {
      dictionary.close();
      dictionary = new LongDictionary(kind == DictionaryValuesWriter.PlainDoubleDictionaryValuesWriter.class,
          properties.getDictionaryPageSizeThreshold(), Encoding.PLAIN_DICTIONARY, Encoding.PLAIN_DICTIONARY,
          properties.getAllocator());
    }
    return new DictionaryOrPlain(dictionary, plain, column, hints);
  }

  private ValuesWriter plainBinary() {
    return new PlainBinaryWriter(Math.min(properties.getPageSizeThreshold(), 4 * 1024));
  }
}
