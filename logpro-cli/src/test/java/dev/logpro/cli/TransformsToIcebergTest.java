package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files through transforms and validation rules into a real Iceberg table on the embedded catalog, read back with
 * Iceberg's own reader: filtered rows are absent, failing rows are in the dead-letter queue with their rule, the rest
 * landed as the transforms shaped them, and a second run into the existing table fits its rows to the table.
 */
class TransformsToIcebergTest {
  @TempDir Path dir;

  /** Row {@code i}: deleted every 5th, no latency every 11th, an unreadable latency every 13th, slow every 17th. */
  private static String row(int i) {
    String status = i % 5 == 0 ? "deleted" : "ok";
    String latency = i % 11 == 0 ? "" : i % 13 == 0 ? "n/a" : i % 17 == 0 ? "5000.5" : (i % 300) + ".25";
    return "e" + i + ",2026-01-01T00:00:00Z," + (i % 50) + ",user" + i + "@example.com," + status + "," + latency;
  }

  private static boolean lands(int i) {
    return i % 5 != 0 && i % 11 != 0 && i % 13 != 0 && i % 17 != 0;
  }

  private Pipeline pipeline(Path input) {
    return Pipeline.fromYaml("""
        pipeline: shaped
        source: {type: file, file: {path: %s, format: csv}}
        processing:
          transforms:
            - type: filter
              where: "status != 'deleted'"
            - type: cast
              columns: {latency_ms: double}
            - type: deduplicate
              key: [event_id]
            - type: mask
              columns: {email: hash}
            - type: hash
              columns: [user_id]
              algorithm: xxhash64
              into: user_bucket
            - type: project
              drop: [status]
              rename: {latency_ms: latency}
          validate:
            - not_null: [latency]
            - range: {latency: [0, 1000]}
              name: sane_latency
        sink:
          type: iceberg
          iceberg: {warehouse: %s, namespace: analytics, table: shaped}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(input, dir.resolve("warehouse"), dir.resolve("dlq")));
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void shapedRowsLandFilteredRowsVanishAndFailingRowsAreDeadLetters() throws Exception {
    Path input = dir.resolve("events.csv");
    StringBuilder text = new StringBuilder("event_id,ts,user_id,email,status,latency_ms\n");
    IntStream.range(0, 2000).forEach(i -> text.append(row(i)).append('\n'));
    IntStream.range(1, 40).forEach(i -> text.append(row(i)).append('\n')); // duplicates of earlier events
    Files.writeString(input, text);

    RunSummary summary = pipeline(input).run();

    Set<String> expected = IntStream.range(0, 2000).filter(TransformsToIcebergTest::lands).mapToObj(i -> "e" + i)
        .collect(Collectors.toCollection(TreeSet::new));
    Table table = Warehouse.table(dir.resolve("warehouse"), "analytics", "shaped");
    List<Record> rows = Warehouse.rows(table);
    Map<String, Record> byId = rows.stream().collect(Collectors.toMap(r -> (String) r.getField("event_id"),
        Function.identity()));
    assertThat(rows).hasSize(expected.size());
    assertThat(new TreeSet<>(byId.keySet())).isEqualTo(expected);
    assertThat(summary.rowsWritten()).isEqualTo(expected.size());
    assertThat(summary.arrowBytesOutstanding()).isZero();

    assertThat(table.schema().findField("status")).as("dropped").isNull();
    assertThat(table.schema().findField("latency").type()).isEqualTo(Types.DoubleType.get());
    assertThat(table.schema().findField("user_bucket").type()).isEqualTo(Types.LongType.get());
    Record e1 = byId.get("e1");
    assertThat(e1.getField("email")).isEqualTo(sha256("user1@example.com"));
    assertThat(e1.getField("latency")).isEqualTo(1.25);
    assertThat(byId.get("e101").getField("user_bucket")).as("same user, same hash")
        .isEqualTo(e1.getField("user_bucket"));

    List<JsonNode> letters = FilesToIcebergTest.deadLetters(dir.resolve("dlq"));
    Map<String, Long> perRule = letters.stream().collect(Collectors.groupingBy(l -> {
      String error = l.get("error").asText();
      return error.startsWith("rule ") ? error.substring(0, error.indexOf(':')) : l.get("stage").asText();
    }, Collectors.counting()));
    long noLatency = IntStream.range(0, 2000).filter(i -> i % 5 != 0 && i % 11 == 0).count();
    // cast runs before deduplicate, so the repeated events with an unreadable latency fail it again
    long unreadable = IntStream.concat(IntStream.range(0, 2000), IntStream.range(1, 40))
        .filter(i -> i % 5 != 0 && i % 11 != 0 && i % 13 == 0).count();
    long slow = IntStream.range(0, 2000).filter(i -> i % 5 != 0 && i % 11 != 0 && i % 13 != 0 && i % 17 == 0)
        .count();
    assertThat(perRule).containsOnly(Map.entry("rule not_null[0]", noLatency), Map.entry("transform", unreadable),
        Map.entry("rule sane_latency (range)", slow));
    JsonNode castFailure = letters.stream().filter(l -> l.get("stage").asText().equals("transform")).findFirst()
        .orElseThrow();
    assertThat(castFailure.get("error").asText()).startsWith("processing.transforms[1] cast: column latency_ms:"
        + " cannot convert \"n/a\" to double");
    assertThat(castFailure.get("raw").asText()).contains("\"status\":\"ok\"").contains("\"latency_ms\":\"n/a\"");
    assertThat(castFailure.get("source").asText()).isEqualTo(input.toString());
    assertThat(summary.deadLetters()).isEqualTo(noLatency + unreadable + slow);

    // The table exists now: the next run's rows are fitted to it after the transforms.
    Files.writeString(input, row(2003) + "\n" + row(2004) + "\n" + row(2005) + "\n", StandardOpenOption.APPEND);
    RunSummary again = pipeline(input).run();
    assertThat(again.rowsWritten()).isEqualTo(IntStream.of(2003, 2004, 2005).filter(TransformsToIcebergTest::lands)
        .count());
    assertThat(Warehouse.rows(table)).extracting(r -> r.getField("event_id")).contains("e2003", "e2004")
        .doesNotContain("e2005").hasSize(expected.size() + 2);
    assertThat(again.arrowBytesOutstanding()).isZero();
  }

  @Test
  void aFileWithoutAColumnAStepNamesMakesDeadLettersNamingTheStepAndTheRunGoesOn() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("a.csv"), "m,s\n2,b\n3,c\n");
    Files.writeString(in.resolve("b.csv"), "n,s\n4,d\n");
    Pipeline pipeline = Pipeline.fromYaml("""
        pipeline: missing-column
        source: {type: file, file: {path: %s, format: csv}}
        processing: {transforms: [{type: cast, columns: {n: string}}]}
        sink: {type: iceberg, iceberg: {warehouse: %s, table: t}}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(in.resolve("a.csv").getParent(), dir.resolve("wh"), dir.resolve("dlq")));

    RunSummary summary = pipeline.run();

    assertThat(summary.rowsRead()).isEqualTo(3);
    assertThat(summary.rowsWritten() + summary.deadLetters()).isEqualTo(3);
    List<JsonNode> letters = FilesToIcebergTest.deadLetters(dir.resolve("dlq"));
    assertThat(letters).extracting(l -> l.get("error").asText()).containsOnly(
        "processing.transforms[0] cast: columns: no column n in the batch");
    assertThat(letters).extracting(l -> l.get("stage").asText()).containsOnly("transform");
    assertThat(letters).allSatisfy(l -> assertThat(l.get("source").asText()).endsWith("a.csv"));
    assertThat(Warehouse.rows(Warehouse.table(dir.resolve("wh"), "default", "t")))
        .extracting(r -> r.getField("n")).contains("4");
  }
}
