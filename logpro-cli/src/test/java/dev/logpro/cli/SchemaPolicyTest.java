package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code processing.schema_policy} against a real Iceberg table on the embedded catalog: a first run creates the
 * table, a second run brings a new top-level field, a new field inside a struct and a value of the wrong type, and
 * Iceberg's reader shows what each policy made of them.
 */
class SchemaPolicyTest {
  @TempDir Path dir;

  private static final String FIRST = """
      {"id": 1, "name": "ann", "n": 5, "user": {"city": "Oslo"}}
      {"id": 2, "name": "bob", "n": 6, "user": {"city": "Rome"}}
      """;
  private static final String DRIFTED = """
      {"id": 3, "name": "cy", "n": 7, "user": {"city": "Lima"}}
      {"id": 4, "name": "di", "n": 8, "user": {"city": "Kyiv", "vip": true}, "email": "di@example.com"}
      {"id": 5, "name": "ed", "n": "lots", "user": {"city": "Pune"}}
      """;

  private RunSummary run(String policy, String input) throws Exception {
    Path file = Files.createDirectories(dir.resolve("in")).resolve("part-" + System.nanoTime() + ".ndjson");
    Files.writeString(file, input);
    return Pipeline.fromYaml("""
        pipeline: drift
        source: {type: file, file: {path: %s, format: ndjson}}
        processing: {schema_policy: %s, infer_sample_rows: 2}
        sink: {type: iceberg, iceberg: {warehouse: %s, namespace: app, table: users}}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(file, policy, dir.resolve("warehouse"), dir.resolve("dlq"))).run();
  }

  private Table table() {
    return Warehouse.table(dir.resolve("warehouse"), "app", "users");
  }

  private Map<Long, Record> rowsById() {
    return Warehouse.rows(table()).stream()
        .collect(Collectors.toMap(r -> (Long) r.getField("id"), Function.identity()));
  }

  private List<JsonNode> deadLetters() throws Exception {
    return Files.exists(dir.resolve("dlq")) ? FilesToIcebergTest.deadLetters(dir.resolve("dlq")) : List.of();
  }

  @Test
  void permissiveAddsColumnsWithTheRowsAndDeadLettersValuesThatDoNotConvert() throws Exception {
    run("permissive", FIRST);
    int firstSchema = table().schema().schemaId();

    RunSummary drifted = run("permissive", DRIFTED);

    Table table = table();
    assertThat(table.schema().findType("email")).isEqualTo(Types.StringType.get());
    assertThat(table.schema().findType("user.vip")).isEqualTo(Types.BooleanType.get());
    assertThat(table.schema().findType("n")).as("the table's type wins").isEqualTo(Types.LongType.get());
    Snapshot last = table.currentSnapshot();
    assertThat(last.schemaId()).as("the schema change is in the commit of the rows").isNotEqualTo(firstSchema)
        .isEqualTo(table.schema().schemaId());
    assertThat(snapshotsAfterCreate(table)).hasSize(2);

    Map<Long, Record> rows = rowsById();
    assertThat(rows.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    assertThat(rows.get(4L).getField("email")).isEqualTo("di@example.com");
    assertThat(((Record) rows.get(4L).getField("user")).getField("vip")).isEqualTo(true);
    assertThat(rows.get(3L).getField("n")).isEqualTo(7L);
    assertThat(rows.get(1L).getField("email")).isNull();

    List<JsonNode> letters = deadLetters();
    assertThat(letters).singleElement().satisfies(letter -> {
      assertThat(letter.get("stage").asText()).isEqualTo("schema");
      assertThat(letter.get("error").asText()).isEqualTo("column n: cannot convert \"lots\" to long (it is not an integer)");
      assertThat(letter.get("raw").asText()).contains("\"id\":5", "\"n\":\"lots\"");
    });
    assertThat(drifted.rowsWritten()).isEqualTo(2);
    assertThat(drifted.arrowBytesOutstanding()).isZero();
  }

  @Test
  void strictNeverChangesTheTable() throws Exception {
    run("strict", FIRST);
    String before = table().schema().toString();

    RunSummary drifted = run("strict", DRIFTED);

    assertThat(table().schema().toString()).isEqualTo(before);
    assertThat(rowsById().keySet()).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(deadLetters()).extracting(l -> l.get("error").asText()).containsExactlyInAnyOrder(
        "field 'vip' is not in the table's schema",
        "column n: cannot parse \"lots\" as int64");
    assertThat(drifted.arrowBytesOutstanding()).isZero();
  }

  @Test
  void rescueKeepsTheTableAndWhatDidNotFitBesideEachRow() throws Exception {
    run("rescue", FIRST);

    RunSummary drifted = run("rescue", DRIFTED);

    Table table = table();
    assertThat(table.schema().columns()).extracting(Types.NestedField::name)
        .containsExactly("id", "name", "n", "user", "_rescued_data");
    assertThat(table.schema().findField("email")).isNull();
    assertThat(table.schema().findField("user.vip")).isNull();
    Map<Long, Record> rows = rowsById();
    assertThat(rows.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    assertThat(rows.get(3L).getField("_rescued_data")).isNull();
    assertThat(rows.get(5L).getField("n")).isNull();
    assertThat(rows.get(5L).getField("_rescued_data")).isEqualTo("{\"n\":\"lots\"}");
    assertThat(rows.get(4L).getField("_rescued_data"))
        .isEqualTo("{\"user.vip\":true,\"email\":\"di@example.com\"}");
    assertThat(((Record) rows.get(4L).getField("user")).getField("city")).isEqualTo("Kyiv");
    assertThat(((Record) rows.get(3L).getField("user")).getField("city")).isEqualTo("Lima");
    assertThat(deadLetters()).isEmpty();
    assertThat(drifted.rowsWritten()).isEqualTo(3);
    assertThat(drifted.arrowBytesOutstanding()).isZero();
  }

  private static List<Snapshot> snapshotsAfterCreate(Table table) {
    List<Snapshot> snapshots = new java.util.ArrayList<>();
    table.snapshots().forEach(snapshots::add);
    snapshots.sort(Comparator.comparingLong(Snapshot::sequenceNumber));
    return snapshots;
  }
}
