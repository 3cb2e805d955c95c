package dev.logpro.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import dev.logpro.core.schema.ColumnType;
import dev.logpro.testkit.NoArrowLeaks;
import dev.logpro.testkit.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** csv-spectrum: every {@code csvs/X.csv} decodes to the rows of {@code json/X.json}. */
@ExtendWith(NoArrowLeaks.class)
class CsvSpectrumTest {

  private static final Path SPECTRUM = TestData.conformanceSuites().resolve("csv-spectrum");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Where upstream's expected rows disagree with its own CSV: {@code location_coordinates.json} has a different phone
   * number than the CSV, so that one value is taken from the CSV.
   */
  private static final Map<String, Map<String, String>> UPSTREAM_ERRATA =
      Map.of("location_coordinates", Map.of("Contact Phone Number", "2095257564"));

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(SPECTRUM.resolve("csvs"))) {
      return files.map(p -> p.getFileName().toString().replace(".csv", "")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decodesToTheExpectedRows(String name, BufferAllocator allocator) throws IOException {
    List<Map<String, String>> expected = expectedRows(name);
    Schema allStrings = new Schema(expected.get(0).keySet().stream().map(ColumnType.STRING::field).toList());
    byte[] file = Files.readAllBytes(SPECTRUM.resolve("csvs/" + name + ".csv"));
    if (name.endsWith("_crlf")) {
      assertThat(new String(file, StandardCharsets.UTF_8)).as("%s keeps upstream's CRLF line endings", name)
          .contains("\r\n");
    }

    Decoder whole = new CsvDecoderFactory().create(CsvDecoderFactory.Config.defaults(),
        TestContext.of(allocator).withTarget(allStrings));
    assertThat(decode(whole, List.of(RawMessage.of(file, name, 0, null)))).isEqualTo(expected);

    Decoder framed = new CsvDecoderFactory().create(CsvDecoderFactory.Config.defaults(),
        TestContext.of(allocator).withTarget(allStrings));
    assertThat(decode(framed, framedMessages(name, file))).as("framed like the file source").isEqualTo(expected);

    Decoder inferred = new CsvDecoderFactory().create(CsvDecoderFactory.Config.defaults(), TestContext.of(allocator));
    try (var decoded = inferred.decode(List.of(RawMessage.of(file, name, 0, null))).root()) {
      assertThat(decoded.getRowCount()).isEqualTo(expected.size());
      assertThat(inferred.schema().getFields()).extracting(Field::getName)
          .containsExactlyElementsOf(expected.get(0).keySet());
    }
  }

  /** Cuts the header and frames the rest as the file source does, reading one more byte at a time. */
  private static List<RawMessage> framedMessages(String name, byte[] file) {
    int headerLength = Framing.csvHeaderLength(file, 0, file.length);
    String header = Framing.csvHeaderText(file, 0, file.length);
    List<RawMessage> messages = new ArrayList<>();
    Framing.Framer framer = Framing.forFormat("csv");
    int pos = headerLength;
    int available = 1;
    while (pos < file.length) {
      boolean endOfInput = pos + available >= file.length;
      int length = framer.completeRecords(file, pos, Math.min(available, file.length - pos), endOfInput);
      if (length == 0) {
        available++;
        continue;
      }
      messages.add(new RawMessage(file, pos, length, name, pos, null, 0, null, Map.of(RawMessage.CSV_HEADER, header)));
      pos += length;
      available = 1;
    }
    return messages;
  }

  private static List<Map<String, String>> decode(Decoder decoder, List<RawMessage> messages) {
    Decoded decoded = decoder.decode(messages);
    try (var root = decoded.root()) {
      assertThat(decoded.deadLetters()).isEmpty();
      List<Map<String, String>> rows = new ArrayList<>();
      for (Map<String, Object> row : TestContext.rows(root)) {
        Map<String, String> text = new java.util.LinkedHashMap<>();
        row.forEach((k, v) -> text.put(k, (String) v));
        rows.add(text);
      }
      return rows;
    }
  }

  private static List<Map<String, String>> expectedRows(String name) throws IOException {
    JsonNode json = JSON.readTree(SPECTRUM.resolve("json/" + name + ".json").toFile());
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode row : json.isArray() ? json : List.of(json)) {
      Map<String, String> values = JSON.convertValue(row, new TypeReference<java.util.LinkedHashMap<String, String>>() {});
      values.putAll(UPSTREAM_ERRATA.getOrDefault(name, Map.of()));
      rows.add(values);
    }
    return rows;
  }
}
