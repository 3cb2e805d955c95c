package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.TimestampProto;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mistake that can be found without data is found by {@code logpro validate}, and by {@code logpro run} before
 * it starts: exit 2, one line naming the field, nothing created.
 */
class ValidateChecksTest {
  @TempDir Path dir;
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  /** A pipeline from the CSV file in.csv to an Iceberg table, with {@code extra} YAML appended. */
  private Path config(String sink, String extra) throws Exception {
    Path data = Files.writeString(dir.resolve("in.csv"), "id,name,ts\n1,ann,2026-01-02T03:04:05Z\n");
    return Files.writeString(dir.resolve("pipeline.yaml"), """
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: %s, table: t%s}}
        reliability: {dlq: {type: file, path: %s}}
        %s
        """.formatted(data, dir.resolve("wh"), sink, dir.resolve("dlq"), extra));
  }

  /** What {@code command} prints to stderr; fails unless it exits 2 and leaves no warehouse behind. */
  private String refused(String command, Path config) {
    console.reset();
    assertThat(Main.execute(command, config.toString())).as(command).isEqualTo(2);
    assertThat(dir.resolve("wh")).as("nothing ran").doesNotExist();
    String stderr = console.stderr();
    assertThat(stderr).doesNotContain("Exception").doesNotContain("\tat ");
    return stderr;
  }

  private void accepted(Path config) {
    console.reset();
    assertThat(Main.execute("validate", config.toString())).as(console.stderr()).isEqualTo(0);
  }

  /** Both validate and run refuse {@code config} with exactly {@code line}. */
  private void refusedWith(Path config, String line) {
    assertThat(refused("validate", config)).isEqualTo("error: " + line + "\n");
    assertThat(refused("run", config)).isEqualTo("error: " + line + "\n");
  }

  @Test
  void partitionTransformsAndTheirArguments() throws Exception {
    refusedWith(config(", partition_by: [id, \"dya(ts)\"]", ""), "sink.iceberg.partition_by[1]: 'dya(ts)':"
        + " unknown transform dya (expected identity, year, month, day, hour, bucket[N] or truncate[W])");
    refusedWith(config(", partition_by: [\"bucket[0](id)\"]", ""),
        "sink.iceberg.partition_by[0]: 'bucket[0](id)': the [argument] must be a positive integer, got '0'");
    refusedWith(config(", partition_by: [\"truncate[x](name)\"]", ""),
        "sink.iceberg.partition_by[0]: 'truncate[x](name)': the [argument] must be a positive integer, got 'x'");
    refusedWith(config(", partition_by: [\"bucket(id)\"]", ""),
        "sink.iceberg.partition_by[0]: 'bucket(id)': bucket needs a width, as in bucket[16](col)");
    refusedWith(config(", partition_by: [\"day[2](ts)\"]", ""),
        "sink.iceberg.partition_by[0]: 'day[2](ts)': day takes no [argument]");
    refusedWith(config(", partition_by: [\"day(ts\"]", ""), "sink.iceberg.partition_by[0]: 'day(ts':"
        + " expected col, identity(col), year(col), month(col), day(col), hour(col), bucket[N](col) or truncate[W](col)");
    accepted(config(", partition_by: [id, identity(name), \"day(ts)\", \"bucket[16](id)\", \"truncate[4](name)\","
        + " \"year(ts)\", \"month(ts)\", \"hour(ts)\"]", ""));
    accepted(config(", partition_by: [\"day(no_such_column)\"]", ""));
  }

  @Test
  void celExpressions() throws Exception {
    refusedWith(config("", """
        processing: {transforms: [{type: filter, where: "name =="}]}"""),
        "processing.transforms[0].where: cannot compile CEL: 1:8: mismatched input '<EOF>' expecting {'[', '{', '(',"
            + " '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}");
    refusedWith(config("", """
        processing: {validate: [{expr: "id + 1"}]}"""),
        "processing.validate[0].expr: cannot compile CEL: 1:4: expected type 'bool' but found 'int'");
    assertThat(refused("validate", config("", """
        processing: {validate: [{expr: "sise(name) > 1"}]}""")))
        .startsWith("error: processing.validate[0].expr: cannot compile CEL: ").contains("sise");
    accepted(config("", """
        processing:
          transforms: [{type: filter, where: "name != 'bob' && id > 0"}]
          validate: [{expr: "size(name) > 1 || ts > timestamp('2020-01-01T00:00:00Z')"}]"""));
  }

  @Test
  void regexesAndDateTimePatterns() throws Exception {
    refusedWith(config("", """
        processing: {validate: [{regex: {name: "[a-"}}]}"""),
        "processing.validate[0].regex.name: Illegal character range at character 4");
    refusedWith(config("", """
        processing: {transforms: [{type: timestamp, column: ts, format: "yyyy-MM-dd {"}]}"""),
        "processing.transforms[0].format: not iso, epoch_s, epoch_ms, epoch_us or a valid pattern: Pattern includes"
            + " reserved character: '{'");
    accepted(config("", """
        processing:
          transforms: [{type: timestamp, column: ts, format: "yyyy-MM-dd'T'HH:mm:ssX"}]
          validate: [{regex: {name: "[a-z]+"}}]"""));
  }

  @Test
  void castTypes() throws Exception {
    refusedWith(config("", """
        processing: {transforms: [{type: cast, columns: {id: lng}}]}"""),
        "processing.transforms[0].columns.id: unknown type 'lng' (expected one of: long, int, double, decimal(p,s),"
            + " boolean, string, date, timestamp, timestamptz)");
    accepted(config("", """
        processing: {transforms: [{type: cast, columns: {id: long, name: string, ts: timestamptz}}]}"""));
  }

  @Test
  void catalogTypes() throws Exception {
    String choices = "bigquery, glue, hadoop, hive, jdbc, nessie, rest";
    refusedWith(config(", catalog: {type: foo}", ""),
        "sink.iceberg.catalog.type: unknown catalog type 'foo' (expected one of: " + choices + ")");
    refusedWith(config(", catalog: {uri: 'http://localhost:8181'}", ""),
        "sink.iceberg.catalog.type: required (one of: " + choices + ")");
    refusedWith(config(", catalog: {type: nessie}", ""), "sink.iceberg.catalog.type: nessie needs"
        + " org.apache.iceberg.nessie.NessieCatalog, which is not on the classpath (this installation has: hadoop,"
        + " jdbc, rest)");
    Path dlq = Files.writeString(dir.resolve("dlq.yaml"), """
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: stdout}
        reliability: {dlq: {type: iceberg, catalog: {type: bar}}}
        """.formatted(dir.resolve("in.csv")));
    assertThat(refused("validate", dlq))
        .isEqualTo("error: reliability.dlq.catalog.type: unknown catalog type 'bar' (expected one of: " + choices
            + ")\n");
  }

  @Test
  void filesAComponentReadsAtStart() throws Exception {
    Path missing = dir.resolve("nope.csv");
    refusedWith(config("", """
        processing: {transforms: [{type: enrich, path: %s, on: id}]}""".formatted(missing)),
        "processing.transforms[0].path: no such file: " + missing);
    refusedWith(config("", """
        processing: {transforms: [{type: enrich, path: %s, on: id}]}""".formatted(dir.resolve("nope.parquet"))),
        "processing.transforms[0].path: no such file: " + dir.resolve("nope.parquet"));
    Files.writeString(dir.resolve("users.csv"), "id,plan\n1,pro\n");
    accepted(config("", """
        processing: {transforms: [{type: enrich, path: %s, on: id}]}""".formatted(dir.resolve("users.csv"))));
  }

  @Test
  void aProtobufDescriptorSetIsReadAndItsMessageFound() throws Exception {
    Path descriptors = dir.resolve("wkt.desc");
    Files.write(descriptors, FileDescriptorSet.newBuilder().addFile(TimestampProto.getDescriptor().toProto()).build()
        .toByteArray());
    String yaml = """
        source: {type: file, file: {path: %s, format: protobuf}, protobuf: {descriptor_set: %s, message: %s}}
        sink: {type: stdout}
        """;
    Path config = dir.resolve("pb.yaml");
    Files.writeString(config, yaml.formatted(dir.resolve("in.pb"), descriptors, "google.protobuf.Tymestamp"));
    assertThat(refused("validate", config)).isEqualTo("error: source.protobuf.message: no message type"
        + " google.protobuf.Tymestamp in " + descriptors + "\n");
    Files.writeString(config, yaml.formatted(dir.resolve("in.pb"), dir.resolve("none.desc"), "a.B"));
    assertThat(refused("validate", config))
        .isEqualTo("error: source.protobuf.descriptor_set: no such file: " + dir.resolve("none.desc") + "\n");
    Files.writeString(config, yaml.formatted(dir.resolve("in.pb"), descriptors, "google.protobuf.Timestamp"));
    accepted(config);
  }

  @Test
  void theInputPathMayAppearLaterButTheRunNeedsIt() throws Exception {
    Path later = Files.writeString(dir.resolve("later.yaml"), """
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: %s, table: t}}
        """.formatted(dir.resolve("incoming"), dir.resolve("wh")));
    accepted(later);
    assertThat(Main.execute("run", later.toString())).isEqualTo(2);
    assertThat(console.stderr()).startsWith("error: source.file.path: no such file or directory: ");
  }

  @Test
  void aGlobMustCompile() throws Exception {
    Path glob = Files.writeString(dir.resolve("glob.yaml"), """
        source: {type: file, file: {path: "%s/{a,b.csv", format: csv}}
        sink: {type: stdout}
        """.formatted(dir.resolve("in")));
    assertThat(refused("validate", glob)).startsWith("error: source.file.path: not a valid glob: Missing '}");
  }

  @Test
  void aMistypedKeyNamesTheClosestOneAndEveryErrorComesAtOnce() throws Exception {
    Path typo = Files.writeString(dir.resolve("typo.yaml"), """
        source: {type: file, file: {path: in.csv, formt: csv}}
        sink: {type: iceberg, iceberg: {tabel: t}}
        """);
    assertThat(refused("validate", typo).lines()).containsExactlyInAnyOrder(
        "error: source.file.formt: unknown key — did you mean format?",
        "error: sink.iceberg.tabel: unknown key — did you mean table?");
    Path all = Files.writeString(dir.resolve("all.yaml"), """
        source: {type: file, file: {path: in.csv, format: cvs, chunk_size_kb: 0}}
        sink: {type: iceberg, iceberg: {table: t, partition_by: ["dya(ts)"]}}
        """);
    assertThat(refused("validate", all).lines()).containsExactlyInAnyOrder(
        "error: source.file.chunk_size_kb: must be at least 1",
        "error: source.file.format: unknown format 'cvs' — did you mean csv?",
        "error: sink.iceberg.partition_by[0]: 'dya(ts)': unknown transform dya (expected identity, year, month, day,"
            + " hour, bucket[N] or truncate[W])");
  }
}
