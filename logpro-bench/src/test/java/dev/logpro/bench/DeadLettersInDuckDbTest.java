package dev.logpro.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.core.pipeline.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file dead-letter queue is readable by DuckDB as it is, one dead letter per row (this module has DuckDB). */
class DeadLettersInDuckDbTest {
  @TempDir Path dir;

  @Test
  void duckDbReadsTheDeadLetterFilesWithEveryField() throws Exception {
    Path input = Files.writeString(dir.resolve("in.csv"), "id,name\n1,ann\n2\n3,bob,extra\n4,dan\n");
    Pipeline.fromYaml("""
        pipeline: duck
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: stdout, stdout: {max_rows: 1}}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(input, dir.resolve("dlq"))).run();

    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement();
        ResultSet rows = sql.executeQuery("SELECT raw, error, stage, source, position, timestamp IS NOT NULL,"
            + " from_base64(raw_base64) = encode(raw) FROM read_json('" + dir.resolve("dlq") + "/*.ndjson')"
            + " ORDER BY CAST(position AS BIGINT)")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("2");
      assertThat(rows.getString(2)).isEqualTo("expected 2 fields but found 1");
      assertThat(rows.getString(3)).isEqualTo("decode");
      assertThat(rows.getString(4)).isEqualTo(input.toAbsolutePath().toString());
      assertThat(rows.getString(5)).isEqualTo("14");
      assertThat(rows.getBoolean(6)).isTrue();
      assertThat(rows.getBoolean(7)).isTrue();
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("3,bob,extra");
      assertThat(rows.next()).isFalse();
    }
  }
}
