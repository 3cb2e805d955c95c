package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import dev.logpro.api.Transform;
import dev.logpro.core.decode.CsvDecoderFactory;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.transform.EnrichTransformFactory;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The enrich transform's lookups from a Parquet file and from an Iceberg table, through ServiceLoader. */
@ExtendWith(NoArrowLeaks.class)
class LookupLoadersTest {
  @TempDir Path dir;

  private static ComponentContext context(BufferAllocator allocator) {
    return new ComponentContext() {
      @Override
      public String pipelineId() {
        return "test";
      }

      @Override
      public BufferAllocator allocator() {
        return allocator;
      }
    };
  }

  /** A Parquet file as other tools write them: no Iceberg field ids. */
  private Path usersParquet(int rows) throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType(
        "message users { required int64 user_id; optional binary plan (STRING); optional double score; }");
    Path file = dir.resolve("users.parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
        .build()) {
      for (int i = 0; i < rows; i++) {
        Group group = groups.newGroup().append("user_id", (long) i).append("score", i * 1.5);
        if (i % 2 == 0) {
          group.append("plan", "plan" + i);
        }
        writer.write(group);
      }
    }
    return file;
  }

  private static VectorSchemaRoot batch(BufferAllocator allocator, String csv) {
    try (Decoder decoder = new CsvDecoderFactory().create(CsvDecoderFactory.Config.defaults(), context(allocator))) {
      Decoded decoded = decoder.decode(List.of(RawMessage.of(csv, "test.csv")));
      return decoded.root();
    }
  }

  private static List<Object> column(VectorSchemaRoot root, String name) {
    FieldVector vector = root.getVector(name);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < root.getRowCount(); i++) {
      Object value = vector.getObject(i);
      values.add(value == null ? null : value instanceof org.apache.arrow.vector.util.Text ? value.toString() : value);
    }
    return values;
  }

  private static EnrichTransformFactory.Config config(String path, String table, String warehouse, long maxRows) {
    return new EnrichTransformFactory.Config(path, null, table, warehouse, null, "user_id", null, null, maxRows);
  }

  @Test
  void aParquetFileWithoutFieldIdsIsReadByName(BufferAllocator allocator) throws Exception {
    Path users = usersParquet(10);
    try (Transform enrich = new EnrichTransformFactory().create(config(users.toString(), null, null, 100),
            context(allocator));
        VectorSchemaRoot input = batch(allocator, "id,user_id\na,4\nb,3\nc,42\n")) {
      Transform.Result result = enrich.apply(input);
      assertThat(column(result.root(), "plan")).containsExactly("plan4", null, null);
      assertThat(column(result.root(), "score")).containsExactly(6.0, 4.5, null);
      result.root().close();
    }
    assertThatThrownBy(() -> new EnrichTransformFactory().create(config(users.toString(), null, null, 5),
        context(allocator))).hasMessageContaining("has 10 rows, more than max_rows (5)");
  }

  @Test
  void anIcebergTableIsReadFromItsCatalog(BufferAllocator allocator) throws Exception {
    Path csv = Files.writeString(dir.resolve("users.csv"), "user_id,plan\n1,pro\n2,free\n");
    Pipeline.fromYaml("""
        pipeline: users
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: %s, namespace: crm, table: users}}
        """.formatted(csv, dir.resolve("warehouse"))).run();
    try (Transform enrich = new EnrichTransformFactory().create(
            config(null, "crm.users", dir.resolve("warehouse").toString(), 100), context(allocator));
        VectorSchemaRoot input = batch(allocator, "id,user_id\na,2\nb,1\nc,3\n")) {
      Transform.Result result = enrich.apply(input);
      assertThat(column(result.root(), "plan")).containsExactly("free", "pro", null);
      result.root().close();
    }
  }
}
