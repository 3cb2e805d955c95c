package dev.logpro.formats;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logpro.core.pipeline.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.types.Types;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Parquet file may name its columns anything: an empty name, names differing only in case, a dotted name that is a
 * nested column's path. The run finishes; such columns never reach the table, and the rows holding a value in them
 * are dead letters that say why (README "How rows are typed").
 */
class ParquetFieldNamesTest {
  @TempDir Path dir;

  @Test
  void columnsATableCannotTakeMakeDeadLettersOfTheRowsThatUseThem() throws Exception {
    MessageType schema = org.apache.parquet.schema.Types.buildMessage()
        .required(PrimitiveTypeName.INT64).named("id")
        .optional(PrimitiveTypeName.BINARY).as(stringType()).named("a.b")
        .optional(PrimitiveTypeName.BINARY).as(stringType()).named("")
        .optional(PrimitiveTypeName.BINARY).as(stringType()).named("ID")
        .optionalGroup().optional(PrimitiveTypeName.BINARY).as(stringType()).named("b").named("a")
        .optional(PrimitiveTypeName.BINARY).as(stringType()).named("ok")
        .named("m");
    Path file = Files.createDirectories(dir.resolve("in")).resolve("names.parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
        .build()) {
      writer.write(groups.newGroup().append("id", 1L).append("a.b", "x").append("ok", "y"));
      Group empty = groups.newGroup().append("id", 2L).append("", "e");
      writer.write(empty);
      writer.write(groups.newGroup().append("id", 3L).append("ID", "upper"));
      Group nested = groups.newGroup().append("id", 4L);
      nested.addGroup("a").append("b", "nested");
      writer.write(nested);
    }
    Lake lake = new Lake(dir);

    RunSummary summary = lake.run(dir.resolve("in").toString(), "parquet", Map.of());

    assertThat(summary.rowsWritten()).isEqualTo(1);
    assertThat(lake.table().schema().columns()).extracting(Types.NestedField::name)
        .containsExactly("id", "a.b", "ok");
    assertThat(lake.rows("id")).singleElement().satisfies(r -> {
      assertThat(r.getField("a.b")).isEqualTo("x");
      assertThat(r.getField("ok")).isEqualTo("y");
    });
    assertThat(lake.deadLetters()).extracting(l -> l.get("error").asText()).containsExactly(
        "column '' cannot be a column: the name is empty",
        "column 'ID' cannot be a column: it differs only in case from column 'id' (Spark, Trino and Hive could not"
            + " tell them apart)",
        "column 'a' cannot be added: its dotted path is another column's");
    assertThat(lake.deadLetters()).extracting(l -> l.get("raw").asText())
        .allSatisfy(raw -> assertThat(raw).startsWith("{\"id\":"));
  }
}
