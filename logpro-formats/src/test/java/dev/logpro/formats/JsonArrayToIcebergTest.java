package dev.logpro.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logpro.core.pipeline.RunSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core {@code json} format (a file holding one array) end to end: cut into many chunks between elements, landed in
 * Iceberg with the NDJSON inference (structs, lists, timestamps, dates), a bad element in the dead-letter queue, and
 * nothing read twice by the next run.
 */
class JsonArrayToIcebergTest {
  @TempDir Path dir;

  private static String element(int i) {
    return "{\"id\": " + i + ", \"at\": \"2026-01-01T00:00:" + String.format("%02d", i % 60) + "Z\", \"day\": \"2026-02-"
        + String.format("%02d", 1 + i % 28) + "\", \"user\": {\"name\": \"u, [" + i + "]\", \"vip\": " + (i % 2 == 0)
        + "}, \"tags\": [\"a\", \"b\\\"" + i + "\"]}";
  }

  @Test
  void anArrayFileLandsRowByRowAndIsNotReadTwice() throws Exception {
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < 3000; i++) {
      json.append(i == 0 ? "" : ",\n").append(i == 1500 ? "{\"id\": 1500, \"at\": tru}" : element(i));
    }
    Path file = Files.writeString(dir.resolve("events.json"), json + "\n]\n");
    Lake lake = new Lake(dir);

    Map<String, Object> source = Map.of("path", file.toString(), "format", "json", "chunk_size_kb", 16);
    RunSummary summary = lake.pipeline(source, Map.of()).run();

    assertThat(summary.rowsWritten()).isEqualTo(2999);
    assertThat(summary.arrowBytesOutstanding()).isZero();
    List<JsonNode> dead = lake.deadLetters();
    assertThat(dead).singleElement().satisfies(d -> {
      assertThat(new String(Lake.raw(d), StandardCharsets.UTF_8)).isEqualTo("{\"id\": 1500, \"at\": tru}");
      assertThat(Long.parseLong(d.get("position").asText())).isEqualTo(json.indexOf("{\"id\": 1500"));
    });
    List<Record> rows = lake.rows("id");
    assertThat(rows).hasSize(2999);
    Record row = rows.get(7);
    assertThat(row.getField("id")).isEqualTo(7L);
    assertThat(row.getField("at")).isEqualTo(OffsetDateTime.parse("2026-01-01T00:00:07Z"));
    assertThat(row.getField("day")).isEqualTo(LocalDate.parse("2026-02-08"));
    assertThat(((Record) row.getField("user")).getField("name")).isEqualTo("u, [7]");
    assertThat(((Record) row.getField("user")).getField("vip")).isEqualTo(false);
    assertThat(row.getField("tags")).isEqualTo(List.of("a", "b\"7"));

    RunSummary second = lake.pipeline(source, Map.of()).run();
    assertThat(second.rowsWritten()).isZero();
    assertThat(lake.rows("id")).hasSize(2999);
  }
}
