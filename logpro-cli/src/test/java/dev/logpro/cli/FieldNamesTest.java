package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever the field names of the data, a run finishes: each name becomes a column, is renamed by the documented rule
 * (CSV headers), or the records holding it are dead letters that say why (README "How rows are typed").
 */
class FieldNamesTest {
  @TempDir Path dir;

  private RunSummary run(String format, String data, String processing) throws Exception {
    return run("in." + format, format, data, processing);
  }

  private RunSummary run(String name, String format, String data, String processing) throws Exception {
    Path file = Files.createDirectories(dir.resolve("in")).resolve(name);
    Files.writeString(file, data, StandardCharsets.UTF_8);
    return Pipeline.fromYaml("""
        pipeline: names
        source: {type: file, file: {path: "%s", format: %s}}
        processing: {%s}
        sink: {type: iceberg, iceberg: {warehouse: %s, table: t}}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(file.getParent(), format, processing, dir.resolve("wh"), dir.resolve("dlq"))).run();
  }

  private Table table() {
    return Warehouse.table(dir.resolve("wh"), "default", "t");
  }

  private List<String> errors() throws Exception {
    return FilesToIcebergTest.deadLetters(dir.resolve("dlq")).stream().map(l -> l.get("error").asText()).toList();
  }

  private static List<String> columns(Table table) {
    return table.schema().columns().stream().map(Types.NestedField::name).toList();
  }

  @Test
  void ndjsonKeysThatCannotBeColumnsMakeDeadLettersThatSayWhyAndTheOtherRowsLand() throws Exception {
    String longKey = "k".repeat(10_000);
    String data = String.join("\n",
        "{\"id\": 1, \"\": 0}",
        "{\"id\": 2, \"foo\\u0000bar\": 1}",
        "{\"id\": 3, \"" + longKey + "\": 1}",
        "{\"id\": 4, \"a.b\": 1, \"with space\": 2}",
        "{\"id\": 5, \"ID\": 6}",
        "{\"id\": 6, \"n\": 1, \"n\": 2}",
        "{\"id\": 7, \"a\": {\"b\": 1}}",
        "{\"id\": 8, \"s\": {\"\": 1}}") + "\n";

    RunSummary summary = run("ndjson", data, "");

    assertThat(summary.rowsWritten()).isEqualTo(2);
    assertThat(summary.rowsRead()).isEqualTo(8);
    assertThat(summary.arrowBytesOutstanding()).isZero();
    Table table = table();
    assertThat(columns(table)).containsExactly("id", "a.b", "with space", "n");
    List<Record> rows = Warehouse.rows(table);
    assertThat(rows).extracting(r -> r.getField("id")).containsExactlyInAnyOrder(4L, 6L);
    assertThat(rows).filteredOn(r -> r.getField("id").equals(6L)).singleElement()
        .satisfies(r -> assertThat(r.getField("n")).as("a key given twice keeps its last value").isEqualTo(2L));
    assertThat(errors()).containsExactlyInAnyOrder(
        "field '' cannot be a column: the name is empty",
        "field 'foo\\u0000bar' cannot be a column: the name holds the control character U+0000",
        "field '" + "k".repeat(60) + "...' cannot be a column: the name is 10000 characters long, more than 255",
        "field 'ID' cannot be a column: it differs only in case from column 'id' (Spark, Trino and Hive could not"
            + " tell them apart)",
        "field 'a' is not in the table's schema",
        "field 's' is not in the table's schema");

    assertThat(run("ndjson", data, "").rowsRead()).as("a second run reads nothing again").isZero();
  }

  @Test
  void csvHeadersThatCannotBeColumnsOrRepeatAreRenamedSoEveryValueLands() throws Exception {
    RunSummary summary = run("csv", "id,,ID,id,b\u0001c,name\n1,2,3,4,5,ann\n", "");

    assertThat(summary.rowsWritten()).isEqualTo(1);
    Table table = table();
    assertThat(columns(table)).containsExactly("id", "column_2", "ID_3", "id_4", "column_5", "name");
    Record row = Warehouse.rows(table).get(0);
    assertThat(List.of(row.getField("id"), row.getField("column_2"), row.getField("ID_3"), row.getField("id_4"),
        row.getField("column_5"), row.getField("name"))).containsExactly(1L, 2L, 3L, 4L, 5L, "ann");
  }

  @Test
  void aCsvHeaderThatDiffersOnlyInCaseFromATableColumnMakesDeadLettersThatSaySo() throws Exception {
    run("a.csv", "csv", "id,name\n1,ann\n", "");

    RunSummary summary = run("b.csv", "csv", "ID,name\n2,bob\n", "");

    assertThat(summary.rowsWritten()).isZero();
    assertThat(columns(table())).containsExactly("id", "name");
    assertThat(errors()).containsExactly("column 'ID' cannot be a column: it differs only in case from column 'id'"
        + " (Spark, Trino and Hive could not tell them apart)");
  }

  @Test
  void aKeyPerLineStopsAddingColumnsAtMaxColumnsAndTheRestAreDeadLettersNamingIt() throws Exception {
    String data = IntStream.range(0, 5_000).mapToObj(i -> "{\"id\": " + i + ", \"k_" + i + "\": \"v\"}")
        .collect(Collectors.joining("\n", "", "\n"));

    RunSummary summary = run("ndjson", data, "max_columns: 100");

    Table table = table();
    assertThat(table.schema().columns()).hasSize(100);
    List<JsonNode> letters = FilesToIcebergTest.deadLetters(dir.resolve("dlq"));
    assertThat(summary.rowsWritten()).isEqualTo(99);
    assertThat(Warehouse.rows(table)).hasSize(99);
    assertThat(letters).hasSize(5_000 - 99).allSatisfy(l -> assertThat(l.get("error").asText())
        .endsWith("is not in the table's schema and no column is added: the schema has reached"
            + " processing.max_columns (100 fields)"));
    assertThat(summary.arrowBytesOutstanding()).isZero();
  }
}
