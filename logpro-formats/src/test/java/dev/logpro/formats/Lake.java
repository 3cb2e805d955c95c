package dev.logpro.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A real pipeline from files to an Iceberg table on the embedded catalog in a temporary directory, with a file
 * dead-letter queue, and what landed read back with Iceberg's own reader.
 */
public final class Lake {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public Lake(Path dir) {
    this.dir = dir;
  }

  public Path warehouse() {
    return dir.resolve("warehouse");
  }

  public Path dlq() {
    return dir.resolve("dlq");
  }

  /** The pipeline {@code files} of {@code format} into table {@code formats.events}. */
  public Pipeline pipeline(String path, String format, Map<String, ?> formatOptions) {
    return pipeline(Map.of("path", path, "format", format), formatOptions);
  }

  /** The pipeline with the file source's options {@code file} (path, format, chunk size). */
  public Pipeline pipeline(Map<String, ?> file, Map<String, ?> formatOptions) {
    return pipeline(file, formatOptions, "permissive");
  }

  /** The pipeline with {@code processing.schema_policy: policy}. */
  public Pipeline pipeline(Map<String, ?> file, Map<String, ?> formatOptions, String policy) {
    String format = String.valueOf(file.get("format"));
    return Pipeline.builder()
        .id("formats")
        .source("file", file)
        .format(format, formatOptions)
        .sink("iceberg", Map.of("warehouse", warehouse().toString(), "namespace", "formats", "table", "events"))
        .deadLetters("file", Map.of("path", dlq().toString()))
        .processing(Map.of("memory_limit_mb", 256, "batch_rows", 100, "schema_policy", policy))
        .observability(Map.of("progress", "never"))
        .build();
  }

  /** Runs to the end and checks that every byte of Arrow memory came back. */
  public RunSummary run(String path, String format, Map<String, ?> formatOptions) throws Exception {
    RunSummary summary = pipeline(path, format, formatOptions).run();
    if (summary.arrowBytesOutstanding() != 0) {
      throw new AssertionError("Arrow memory leaked: " + summary.arrowBytesOutstanding() + " bytes");
    }
    return summary;
  }

  public Table table() {
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog");
    props.put(CatalogProperties.URI, "jdbc:sqlite:" + warehouse().toAbsolutePath().resolve("catalog.db"));
    props.put("jdbc.schema-version", "V1");
    props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse().toAbsolutePath().toString());
    props.put(CatalogProperties.FILE_IO_IMPL, "dev.logpro.iceberg.LocalFileIO");
    return CatalogUtil.buildIcebergCatalog("logpro", props, new Configuration())
        .loadTable(TableIdentifier.of("formats", "events"));
  }

  /** Every row of the table, read with {@link IcebergGenerics}, sorted by {@code key}. */
  public List<Record> rows(String key) {
    Table table = table();
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        rows.add(record.copy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(Comparator.comparing(r -> (Comparable) r.getField(key)));
    return rows;
  }

  /** The dead letters in the file queue, each as its JSON object. */
  public List<JsonNode> deadLetters() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.isDirectory(dlq())) {
      return out;
    }
    try (Stream<Path> files = Files.list(dlq())) {
      for (Path file : files.sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          if (!line.isBlank()) {
            out.add(JSON.readTree(line));
          }
        }
      }
    }
    return out;
  }

  /** A dead letter's exact bytes. */
  public static byte[] raw(JsonNode deadLetter) {
    return java.util.Base64.getDecoder().decode(deadLetter.get("raw_base64").asText());
  }
}
