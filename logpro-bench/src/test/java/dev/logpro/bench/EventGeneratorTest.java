package dev.logpro.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventGeneratorTest {
  private static final int ROWS = 2000;

  private static String[] generate(long seed) throws IOException {
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    new EventGenerator(seed).write(ROWS, csv, json);
    return new String[] {csv.toString(StandardCharsets.UTF_8), json.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
    String[] a = generate(54);
    assertThat(generate(54)).containsExactly(a);
    assertThat(generate(55)[0]).isNotEqualTo(a[0]);
  }

  @Test
  void csvHasTheHeaderAndSixteenParsableFieldsPerRow() throws IOException {
    List<String> lines = generate(54)[0].lines().toList();
    assertThat(lines).hasSize(ROWS + 1);
    assertThat(lines.get(0)).isEqualTo(String.join(",", EventGenerator.COLUMNS));
    int nullReferrers = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertThat(f).hasSize(16);
      assertThat(f[0]).matches("[0-9a-f]{32}");
      OffsetDateTime.parse(f[1]);
      assertThat(Long.parseLong(f[2])).isBetween(1L, 1_999_999L);
      assertThat(f[3]).matches("[0-9a-f]{16}");
      assertThat(f[8]).startsWith("https://shop.example.com/");
      nullReferrers += f[9].isEmpty() ? 1 : 0;
      Double.parseDouble(f[10]);
      Long.parseLong(f[11]);
      assertThat(f[12].isEmpty()).isEqualTo(!f[4].equals("purchase"));
      assertThat(f[13]).isEqualTo(f[7].equals("bot") ? "true" : "false");
      assertThat(f[15]).matches("[0-9]{5}");
    }
    assertThat(nullReferrers).isBetween(ROWS * 3 / 10, ROWS * 5 / 10);
  }

  @Test
  void ndjsonLinesAreObjectsWithANestedAddressAndTags() throws IOException {
    String[] data = generate(54);
    List<String> csv = data[0].lines().skip(1).toList();
    List<String> lines = data[1].lines().toList();
    assertThat(lines).hasSize(ROWS);
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode n = mapper.readTree(lines.get(i));
      assertThat(n.isObject()).isTrue();
      assertThat(n.get("address").isObject()).isTrue();
      assertThat(n.get("tags").isArray()).isTrue();
      assertThat(n.get("tags").size()).isLessThan(3);
      String[] f = csv.get(i).split(",", -1);
      assertThat(n.get("event_id").asText()).isEqualTo(f[0]);
      assertThat(n.get("ts").asText()).isEqualTo(f[1]);
      assertThat(n.get("referrer").isNull()).isEqualTo(f[9].isEmpty());
      assertThat(n.get("latency_ms").doubleValue()).isEqualTo(Double.parseDouble(f[10]));
      assertThat(n.get("price").isNull()).isEqualTo(f[12].isEmpty());
      assertThat(n.get("address").get("zip").asText()).isEqualTo(f[15]);
    }
  }

  @Test
  void ensureReusesCompleteFiles(@TempDir Path dir) throws IOException {
    EventGenerator.DataFiles first = EventGenerator.ensure(dir, 100, EventGenerator.DEFAULT_SEED, true, true);
    assertThat(first.generated()).isTrue();
    assertThat(Files.readAllLines(first.csv())).hasSize(101);
    EventGenerator.DataFiles again = EventGenerator.ensure(dir, 100, EventGenerator.DEFAULT_SEED, true, true);
    assertThat(again.generated()).isFalse();
    assertThat(again.csv()).isEqualTo(first.csv());
  }
}
