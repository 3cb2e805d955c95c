package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriteStore;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.statistics.geospatial.GeospatialStatistics;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

/**
 * {@link ValuesWriters} claims to change only how fast values are encoded, not what is written. These tests write the
 * same values through parquet-java's default writers and through ours and compare every page byte for byte: the
 * dictionary pages, the data pages, their encodings and value counts.
 */
class ValuesWritersTest {
  private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message m { optional binary s (STRING); optional int64 l; optional double d; optional int32 i; }");
  private static final int SMALL_DICTIONARY = 4 * 1024;

  @Test
  void lowCardinalityStringsStayDictionaryEncoded() throws IOException {
    String[] words = {"view", "click", "purchase", "", "a-value-longer-than-eight-bytes", "ü€", "x"};
    Pages pages = assertSamePages(100_000, row -> row % 13 == 0 ? null : words[row % words.length]);
    assertThat(pages.dictionaries).isNotEmpty();
    assertThat(pages.dataEncodings).contains(Encoding.PLAIN_DICTIONARY).doesNotContain(Encoding.PLAIN);
  }

  @Test
  void uniqueStringsFallBackToPlainWhenTheDictionaryIsFull() throws IOException {
    Pages pages = assertSamePages(200_000, row -> Long.toHexString(row * 0x9E3779B97F4A7C15L));
    assertThat(pages.dataEncodings).contains(Encoding.PLAIN);
  }

  @Test
  void mixedCardinalityOverManyPagesAndRowGroups() throws IOException {
    Random random = new Random(42);
    String[] values = new String[300_000];
    for (int i = 0; i < values.length; i++) {
      int pick = random.nextInt(100);
      values[i] = pick < 5 ? null
          : pick < 80 ? "city-" + random.nextInt(500)
          : "https://example.com/" + random.nextInt(1_000_000) + "/" + "p".repeat(random.nextInt(40));
    }
    assertSamePages(values.length, row -> values[row]);
  }

  @Test
  void hashCollisionsOfPrefixesAndLengthsAreTellingValuesApart() throws IOException {
    // Values that share their first eight bytes, differ only in length, or only in trailing zero bytes.
    String[] tricky = {"abcdefgh", "abcdefgh\0", "abcdefgh\0\0", "abcdefghi", "abcdefg", "", "\0", "\0\0",
        "abcdefghabcdefgh", "abcdefghabcdefgi"};
    Pages pages = assertSamePages(50_000, row -> tricky[(row * 7) % tricky.length]);
    assertThat(pages.dictionaries.get(0).getDictionarySize()).isEqualTo(tricky.length);
  }

  @Test
  void plainStringsWithoutADictionary() throws IOException {
    Pages pages = assertSamePages(100_000,
        row -> row % 9 == 0 ? null : "value-" + row + "-" + "z".repeat(row % 300), false);
    assertThat(pages.dictionaries).isEmpty();
    assertThat(pages.dataEncodings).containsOnly(Encoding.PLAIN);
  }

  @Test
  void hashReadsEveryByte() {
    byte[] a = "0123456789abcdefXYZ".getBytes(StandardCharsets.UTF_8);
    int base = BinaryDictionary.hash(a, 0, a.length);
    for (int i = 0; i < a.length; i++) {
      byte[] b = a.clone();
      b[i]++;
      assertThat(BinaryDictionary.hash(b, 0, b.length)).as("byte %d", i).isNotEqualTo(base);
    }
    assertThat(BinaryDictionary.hash(a, 1, 8)).isEqualTo(BinaryDictionary.hash(Arrays.copyOfRange(a, 1, 9), 0, 8));
  }

  @Test
  void uniqueAndSpecialNumbersMatchParquetJavasDictionaries() throws IOException {
    numbers = row -> row % 3 == 0 ? row * 0x9E3779B97F4A7C15L : row % 50;
    doubles = row -> switch (row % 7) {
      case 0 -> Double.NaN;
      case 1 -> Double.longBitsToDouble(0x7ff8000000000001L); // a NaN that is not the canonical one
      case 2 -> -0.0;
      case 3 -> 0.0;
      case 4 -> row * 1.5; // unique: the dictionary outgrows its limit
      default -> row % 3;
    };
    try {
      assertSamePages(200_000, row -> "x" + row % 9);
      assertSamePages(3_000, row -> "x" + row % 9); // dictionaries kept: their pages compared too
    } finally {
      numbers = DEFAULT_NUMBERS;
      doubles = DEFAULT_DOUBLES;
    }
  }

  private static final IntToLongFunction DEFAULT_NUMBERS = row -> row % 97 == 0 ? row : row % 1000L;
  private static final IntToDoubleFunction DEFAULT_DOUBLES =
      row -> row % 11 == 0 ? row * 0.5 : row % 7 * 1.25;
  private static IntToLongFunction numbers = DEFAULT_NUMBERS;
  private static IntToDoubleFunction doubles = DEFAULT_DOUBLES;

  /**
   * Writes {@code rows} rows, strings from {@code strings} and numbers from {@link #numbers} and {@link #doubles},
   * both ways; returns ours.
   */
  private static Pages assertSamePages(int rows, IntFunction<String> strings) throws IOException {
    return assertSamePages(rows, strings, true);
  }

  private static Pages assertSamePages(int rows, IntFunction<String> strings, boolean dictionary)
      throws IOException {
    Pages expected = write(rows, strings, dictionary, false);
    Pages actual = write(rows, strings, dictionary, true);
    assertThat(actual.log).hasSameSizeAs(expected.log);
    for (int i = 0; i < expected.log.size(); i++) {
      assertThat(actual.log.get(i)).as("page %d", i).isEqualTo(expected.log.get(i));
    }
    assertThat(actual.bytes).hasSameSizeAs(expected.bytes);
    for (int i = 0; i < expected.bytes.size(); i++) {
      assertThat(actual.bytes.get(i)).as("bytes of page %s", expected.log.get(i)).isEqualTo(expected.bytes.get(i));
    }
    return actual;
  }

  private static Pages write(int rows, IntFunction<String> strings, boolean dictionary, boolean ours)
      throws IOException {
    ParquetProperties.Builder builder = ParquetProperties.builder()
        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
        .withPageSize(64 * 1024)
        .withDictionaryEncoding(dictionary)
        .withDictionaryPageSize(SMALL_DICTIONARY);
    if (ours) {
      builder.withValuesWriterFactory(new ValuesWriters(new EncodingHints()));
    }
    ParquetProperties properties = builder.build();
    Pages pages = new Pages();
    int rowGroupRows = rows / 3 + 1;
    for (int first = 0; first < rows; first += rowGroupRows) {
      ColumnWriteStore store = properties.newColumnWriteStore(SCHEMA, pages);
      ColumnWriter s = store.getColumnWriter(SCHEMA.getColumns().get(0));
      ColumnWriter l = store.getColumnWriter(SCHEMA.getColumns().get(1));
      ColumnWriter d = store.getColumnWriter(SCHEMA.getColumns().get(2));
      ColumnWriter i = store.getColumnWriter(SCHEMA.getColumns().get(3));
      for (int row = first; row < Math.min(rows, first + rowGroupRows); row++) {
        String value = strings.apply(row);
        if (value == null) {
          s.writeNull(0, 0);
        } else {
          s.write(Binary.fromString(value), 0, 1);
        }
        l.write(numbers.applyAsLong(row), 0, 1);
        d.write(doubles.applyAsDouble(row), 0, 1);
        i.write(row % 5, 0, 1);
        store.endRecord();
      }
      store.flush();
      for (ColumnDescriptor column : SCHEMA.getColumns()) {
        store.getColumnWriter(column).close();
      }
    }
    return pages;
  }

  /** Every page written, in order, per column. */
  private static final class Pages implements PageWriteStore {
    final List<String> log = new ArrayList<>();
    final List<byte[]> bytes = new ArrayList<>();
    final List<DictionaryPage> dictionaries = new ArrayList<>();
    final List<Encoding> dataEncodings = new ArrayList<>();
    private final Map<ColumnDescriptor, PageWriter> writers = new HashMap<>();

    @Override
    public PageWriter getPageWriter(ColumnDescriptor column) {
      return writers.computeIfAbsent(column, c -> new Recorder(String.join(".", c.getPath())));
    }

    private final class Recorder implements PageWriter {
      private final String column;

      Recorder(String column) {
        this.column = column;
      }

      @Override
      public void writePage(BytesInput page, int valueCount, Statistics<?> statistics, Encoding rl, Encoding dl,
          Encoding values) throws IOException {
        writePage(page, valueCount, -1, statistics, rl, dl, values);
      }

      @Override
      public void writePage(BytesInput page, int valueCount, int rowCount, Statistics<?> statistics, Encoding rl,
          Encoding dl, Encoding values) throws IOException {
        log.add(column + " data " + values + " values=" + valueCount + " rows=" + rowCount + " stats=" + statistics);
        bytes.add(page.toByteArray());
        if (column.equals("s")) {
          dataEncodings.add(values);
        }
      }

      @Override
      public void writePage(BytesInput page, int valueCount, int rowCount, Statistics<?> statistics,
          SizeStatistics sizes, GeospatialStatistics geospatial, Encoding rl, Encoding dl, Encoding values)
          throws IOException {
        writePage(page, valueCount, rowCount, statistics, rl, dl, values);
      }

      @Override
      public void writePageV2(int rowCount, int nullCount, int valueCount, BytesInput repetitionLevels,
          BytesInput definitionLevels, Encoding dataEncoding, BytesInput data, Statistics<?> statistics) {
        throw new UnsupportedOperationException("V1 pages only");
      }

      @Override
      public long getMemSize() {
        return 0;
      }

      @Override
      public long allocatedSize() {
        return 0;
      }

      @Override
      public void writeDictionaryPage(DictionaryPage page) throws IOException {
        log.add(column + " dictionary " + page.getEncoding() + " entries=" + page.getDictionarySize());
        bytes.add(page.getBytes().toByteArray());
        if (column.equals("s")) {
          dictionaries.add(page.copy());
        }
      }

      @Override
      public String memUsageString(String prefix) {
        return prefix;
      }
    }
  }
}
