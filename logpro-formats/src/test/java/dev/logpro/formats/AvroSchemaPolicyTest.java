package dev.logpro.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.core.pipeline.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Type widening by Iceberg's rules, end to end: a first Avro file creates the table with an int and a float column,
 * a second file of the same records carries a long and a double. permissive widens the table's columns with the rows
 * (old rows read back promoted); strict leaves the table as it is and refuses the file's records whole.
 */
class AvroSchemaPolicyTest {
  @TempDir Path dir;

  private static final Schema NARROW = SchemaBuilder.record("M").namespace("t").fields()
      .requiredLong("id").requiredInt("n").requiredFloat("f").endRecord();
  private static final Schema WIDE = SchemaBuilder.record("M").namespace("t").fields()
      .requiredLong("id").requiredLong("n").requiredDouble("f").endRecord();

  private static Path write(Path file, Schema schema, Object[]... rows) throws IOException {
    try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
      writer.create(schema, file.toFile());
      for (Object[] row : rows) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", row[0]);
        record.put("n", row[1]);
        record.put("f", row[2]);
        writer.append(record);
      }
    }
    return file;
  }

  private RunSummary run(Lake lake, Path file, String policy) throws Exception {
    RunSummary summary = lake.pipeline(Map.of("path", file.toString(), "format", "avro"), Map.of(), policy).run();
    assertThat(summary.arrowBytesOutstanding()).isZero();
    return summary;
  }

  @Test
  void permissiveWidensIntToLongAndFloatToDoubleWithTheRows() throws Exception {
    Lake lake = new Lake(dir);
    run(lake, write(dir.resolve("a.avro"), NARROW, new Object[] {1L, 7, 1.5f}), "permissive");
    assertThat(lake.table().schema().findType("n")).isEqualTo(Types.IntegerType.get());

    RunSummary wide = run(lake, write(dir.resolve("b.avro"), WIDE, new Object[] {2L, 3_000_000_000L, 0.1}),
        "permissive");

    assertThat(wide.rowsWritten()).isEqualTo(1);
    assertThat(lake.table().schema().findType("n")).isEqualTo(Types.LongType.get());
    assertThat(lake.table().schema().findType("f")).isEqualTo(Types.DoubleType.get());
    List<Record> rows = lake.rows("id");
    assertThat(rows).extracting(r -> r.getField("n")).containsExactly(7L, 3_000_000_000L);
    assertThat(rows).extracting(r -> r.getField("f")).containsExactly(1.5, 0.1);
    assertThat(lake.deadLetters()).isEmpty();
  }

  @Test
  void strictKeepsTheTableAndRefusesAFileWhoseSchemaDoesNotFit() throws Exception {
    Lake lake = new Lake(dir);
    run(lake, write(dir.resolve("a.avro"), NARROW, new Object[] {1L, 7, 1.5f}), "strict");

    RunSummary wide = run(lake, write(dir.resolve("b.avro"), WIDE,
        new Object[] {2L, 3_000_000_000L, 0.5}, new Object[] {3L, 9L, 2.5}), "strict");

    assertThat(lake.table().schema().findType("n")).isEqualTo(Types.IntegerType.get());
    assertThat(lake.table().schemas()).hasSize(1);
    assertThat(lake.rows("id")).extracting(r -> r.getField("id")).containsExactly(1L);
    assertThat(wide.rowsWritten()).isZero();
    // One dead letter per Avro block: its bytes are what a replay decodes again.
    assertThat(lake.deadLetters()).singleElement()
        .satisfies(d -> assertThat(d.get("error").asText()).contains("field n").contains("does not fit"));
  }
}
