package dev.logpro.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Runs each contender in a child JVM on one input file, then checks what it wrote. */
final class Contenders {
  static final String NAMESPACE = "bench";
  static final String TABLE = "events";
  /** Rows read back through Iceberg's own reader, to show it reads logpro's files (the count comes from metadata). */
  private static final int ICEBERG_SAMPLE_ROWS = 1000;
  private static final Pattern DONE = Pattern.compile("done in ([0-9.]+) s");
  private static final Pattern DEAD = Pattern.compile("dead letters ([0-9,]+)");
  private static final Pattern WORK = Pattern.compile("work_ms=([0-9]+)");

  private final BenchOptions options;
  private final Readback readback;
  private final Map<String, String> schemas = new HashMap<>();

  Contenders(BenchOptions options, Readback readback) {
    this.options = options;
    this.readback = readback;
  }

  /** The columns DuckDB saw in each contender's output, per format and contender, from the first run. */
  Map<String, String> schemas() {
    return schemas;
  }

  RunResult run(String contender, Scenario scenario, Path input, Path dir, int repeat) throws Exception {
    String format = scenario.format();
    return switch (contender) {
      case "logpro" -> logpro(scenario, input, dir, repeat);
      case "duckdb" -> single(contender, scenario, dir, repeat, DuckDbConvert.class.getName(),
          List.of(format, input.toString(), dir.resolve(scenario.partitioned() ? "duckdb" : "duckdb.parquet")
              .toString(), String.valueOf(options.duckdbThreads()), scenario.duckdbColumns(),
              scenario.duckdbPartitionBy()));
      case "generic" -> scenario.partitioned()
          ? RunResult.failed(scenario.key(), contender, repeat, null, "the generic writer writes unpartitioned only")
          : single(contender, scenario, dir, repeat, GenericWriterConvert.class.getName(),
              List.of(format, input.toString(), dir.resolve("generic.parquet").toString()));
      default -> throw new IllegalArgumentException("unknown contender " + contender);
    };
  }

  private RunResult logpro(Scenario scenario, Path input, Path dir, int repeat) throws Exception {
    String format = scenario.format();
    String key = scenario.key();
    Path warehouse = dir.resolve("warehouse");
    Path yaml = dir.resolve("pipeline.yaml");
    Files.createDirectories(dir);
    Files.writeString(yaml, pipelineYaml(format, input, warehouse, dir.resolve("dlq"), scenario.partitionBy()));
    // DuckDB's jar stays off logpro's class path: the logpro process holds exactly what ./logpro runs, including
    // the class-data-sharing archive that ./logpro records on its first run (recorded here by an unmeasured run).
    String classPath = ChildRun.classPath("duckdb_jdbc");
    Path archive = Path.of(System.getProperty("java.io.tmpdir"), "logpro-bench-" + Runtime.version().feature() + "-"
        + Integer.toHexString(classPath.hashCode()) + ".jsa");
    if (!Files.exists(archive)) {
      recordClassArchive(format, input, dir.resolve("cds-warmup"), classPath, archive);
    }
    ChildRun.Result r = ChildRun.run(dir, classPath, ChildRun.cdsFlags(archive), "dev.logpro.cli.Main",
        List.of("run", yaml.toString()));
    if (!r.ok()) {
      return RunResult.failed(key, "logpro", repeat, r, "exit " + r.exitCode() + ": " + r.tail(15));
    }
    long workMs = match(DONE, r.stdout() + r.stderr()).map(s -> Math.round(Double.parseDouble(s) * 1000)).orElse(-1L);
    long dead = match(DEAD, r.stdout() + r.stderr()).map(s -> Long.parseLong(s.replace(",", ""))).orElse(0L);

    List<Path> files = new ArrayList<>();
    Set<String> partitions = new HashSet<>();
    long bytes = 0;
    long records = 0;
    long totalRecords;
    long read = 0;
    Catalog catalog = embeddedCatalog(warehouse);
    try {
      Table table = catalog.loadTable(TableIdentifier.of(NAMESPACE, TABLE));
      totalRecords = Long.parseLong(table.currentSnapshot().summary().get("total-records"));
      try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
        for (FileScanTask task : tasks) {
          files.add(Path.of(java.net.URI.create(uri(task.file().location()))));
          partitions.add(task.spec().partitionToPath(task.file().partition()));
          bytes += task.file().fileSizeInBytes();
          records += task.file().recordCount();
        }
      }
      // Every row, through Iceberg's own reader (one column, to keep the check quick).
      try (CloseableIterable<Record> rows = IcebergGenerics.read(table).select("event_id").build()) {
        for (Record ignored : rows) {
          read++;
        }
      }
    } finally {
      if (catalog instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
    long duckCount = scenario.partitioned()
        ? readback.count(warehouse.resolve(NAMESPACE).resolve(TABLE).resolve("data") + "/**/*.parquet")
        : readback.count(files);
    schemas.putIfAbsent(key + "/logpro", readback.describe(files.subList(0, 1)));
    boolean ok = totalRecords == options.rows() && records == options.rows() && duckCount == options.rows()
        && read == options.rows() && dead == 0;
    String check = String.format("Iceberg total-records %,d, data files %,d rows, DuckDB read_parquet %,d rows, "
        + "Iceberg reader read %,d rows, %,d dead letters", totalRecords, records, duckCount, read, dead);
    return new RunResult(key, "logpro", repeat, ok, r.wallMs(), workMs, r.peakRssKb(), r.cpuMs(), bytes,
        files.size(), partitions.size(), check, ok ? "" : "row counts differ from --rows: " + check);
  }

  private RunResult single(String contender, Scenario scenario, Path dir, int repeat, String main, List<String> args)
      throws Exception {
    String key = scenario.key();
    Path out = Path.of(args.get(2));
    ChildRun.Result r = ChildRun.run(dir, ChildRun.classPath(), main, args);
    if (!r.ok()) {
      return RunResult.failed(key, contender, repeat, r, "exit " + r.exitCode() + ": " + r.tail(15));
    }
    long workMs = match(WORK, r.stdout()).map(Long::parseLong).orElse(-1L);
    List<Path> files;
    try (var walk = Files.walk(out)) {
      files = walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".parquet")).toList();
    }
    long bytes = 0;
    Set<Path> partitions = new HashSet<>();
    for (Path file : files) {
      bytes += Files.size(file);
      partitions.add(file.getParent());
    }
    long count = scenario.partitioned() ? readback.count(out + "/**/*.parquet") : readback.count(files);
    schemas.putIfAbsent(key + "/" + contender, readback.describe(files.subList(0, 1)));
    boolean ok = count == options.rows();
    String check = String.format("DuckDB read_parquet %,d rows", count);
    return new RunResult(key, contender, repeat, ok, r.wallMs(), workMs, r.peakRssKb(), r.cpuMs(), bytes,
        files.size(), scenario.partitioned() ? partitions.size() : 0, check,
        ok ? "" : "row count differs from --rows: " + check);
  }

  /** One small unmeasured run over the input's first lines, so the archive holds the classes a run loads. */
  private static void recordClassArchive(String format, Path input, Path dir, String classPath, Path archive)
      throws Exception {
    Files.createDirectories(dir);
    Path sample = dir.resolve("sample." + (format.equals("csv") ? "csv" : "ndjson"));
    try (var lines = Files.lines(input)) {
      Files.write(sample, (Iterable<String>) lines.limit(20_000)::iterator);
    }
    Path yaml = dir.resolve("pipeline.yaml");
    Files.writeString(yaml, pipelineYaml(format, sample, dir.resolve("warehouse"), dir.resolve("dlq"), List.of()));
    ChildRun.run(dir, classPath, ChildRun.cdsFlags(archive), "dev.logpro.cli.Main", List.of("run", yaml.toString()));
  }

  static String pipelineYaml(String format, Path input, Path warehouse, Path dlq, List<String> partitionBy) {
    String partitions = partitionBy.isEmpty() ? ""
        : "    partition_by: [" + String.join(", ", partitionBy.stream().map(t -> "\"" + t + "\"").toList()) + "]\n";
    return """
        # Generated by logpro-bench: one file into a fresh table, one commit at the end.
        pipeline: bench
        source:
          type: file
          file:
            path: %s
            format: %s
        sink:
          type: iceberg
          iceberg:
            warehouse: %s
            namespace: %s
            table: %s
        %s    compression: zstd
            commit_interval_s: 86400
        reliability:
          dlq:
            type: file
            path: %s
        observability:
          progress: never
          log_level: warn
        """.formatted(quote(input), format, quote(warehouse), NAMESPACE, TABLE, partitions, quote(dlq));
  }

  /** The embedded catalog logpro keeps in a warehouse (Iceberg's JdbcCatalog on SQLite, catalog name "logpro"). */
  static Catalog embeddedCatalog(Path warehouse) {
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog");
    props.put(CatalogProperties.URI, "jdbc:sqlite:" + warehouse.toAbsolutePath().resolve("catalog.db"));
    props.put("jdbc.schema-version", "V1");
    props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse.toAbsolutePath().toString());
    props.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.hadoop.HadoopFileIO");
    return CatalogUtil.buildIcebergCatalog("logpro", props, new Configuration());
  }

  private static String uri(String location) {
    return location.contains(":") ? location : "file:" + location;
  }

  private static String quote(Path p) {
    return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
  }

  private static java.util.Optional<String> match(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
