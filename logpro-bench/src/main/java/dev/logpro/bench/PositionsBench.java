package dev.logpro.bench;

import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import dev.logpro.iceberg.IcebergSinkConfig;
import dev.logpro.iceberg.IcebergTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;

/**
 * {@code ./bench positions}: what committed positions cost as a table's history grows. Many small files are ingested
 * in many commits (one run per commit, in this JVM, each reading only its own new files so that listing does not
 * grow with them); at chosen commits it records the run's time, the time to read the pipeline's positions back (what
 * a start does), the size of {@code metadata.json}, the pointer kept in it, and the positions bytes the commit wrote.
 */
final class PositionsBench {
  static final String USAGE = """
      usage: ./bench positions [--files N] [--commits N] [--write-docs]
        --files N      small CSV files in all (default 100000), one row each
        --commits N    commits to spread them over, one run each (default 1000)
        --write-docs   rewrite the positions section of docs/benchmarks.md
      """;

  private static final String PIPELINE = "positions-bench";

  private record Row(int commit, int splits, double runMs, double restoreMs, long metadataBytes, int pointerBytes,
      int segments, long segmentBytes) {}

  private PositionsBench() {}

  static int run(String[] args, Path home) throws Exception {
    int files = 100_000;
    int commits = 1_000;
    boolean writeDocs = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--files" -> files = Integer.parseInt(args[++i]);
        case "--commits" -> commits = Integer.parseInt(args[++i]);
        case "--write-docs" -> writeDocs = true;
        default -> {
          System.err.println("error: unknown option " + args[i]);
          System.err.print(USAGE);
          return 2;
        }
      }
    }
    int perCommit = files / commits;
    Path dir = home.resolve("bench-data").resolve("positions-run");
    Contenders.deleteTree(dir);
    Files.createDirectories(dir);
    // Warm the JIT on a table of its own first, so the early commits are not measured cold.
    for (int k = 1; k <= 30; k++) {
      ingest(dir.resolve("warm"), k, perCommit);
    }
    List<Row> rows = new ArrayList<>();
    for (int k = 1; k <= commits; k++) {
      Row row = ingest(dir.resolve("table"), k, perCommit);
      if (k == 1 || k == 10 || k % 100 == 0 || k == commits) {
        rows.add(row);
        System.err.printf(Locale.ROOT, "commit %,d: %,d splits, run %.0f ms, restore %.1f ms, metadata.json %,d B,"
            + " pointer %d B, %d segments, wrote %,d B%n", row.commit(), row.splits(), row.runMs(), row.restoreMs(),
            row.metadataBytes(), row.pointerBytes(), row.segments(), row.segmentBytes());
      }
    }
    String report = report(files, commits, perCommit, rows);
    System.out.println(report);
    if (writeDocs) {
      DocsFile.writePositions(home.resolve("docs/benchmarks.md"), report);
    }
    Contenders.deleteTree(dir);
    return 0;
  }

  /** Writes the commit's files, runs the pipeline over them, and measures what the commit left. */
  private static Row ingest(Path base, int commit, int perCommit) throws Exception {
    Path input = base.resolve("in").resolve(Integer.toString(commit));
    Files.createDirectories(input);
    for (int i = 0; i < perCommit; i++) {
      Files.writeString(input.resolve("f" + i + ".csv"), "id,commit\n" + i + "," + commit + "\n");
    }
    Pipeline pipeline = Pipeline.fromYaml("""
        pipeline: %s
        source: {type: file, file: {path: "%s", format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: "%s", namespace: bench, table: positions, commit_interval_s: 3600}}
        reliability: {dlq: {type: file, path: "%s"}}
        observability: {progress: never, log_level: warn}
        """.formatted(PIPELINE, input, base.resolve("warehouse"), base.resolve("dlq")));
    long t0 = System.nanoTime();
    RunSummary summary = pipeline.run();
    double runMs = (System.nanoTime() - t0) / 1e6;
    if (summary.rowsWritten() != perCommit || summary.commits() != 1) {
      throw new IllegalStateException("commit " + commit + ": wrote " + summary.rowsWritten() + " rows in "
          + summary.commits() + " commits, expected " + perCommit + " in 1");
    }
    IcebergSinkConfig sink = (IcebergSinkConfig) pipeline.config().sink().config();
    try (IcebergTables tables = IcebergTables.open(sink)) {
      Table table = tables.table().orElseThrow();
      long t1 = System.nanoTime();
      IcebergTables.StoredPositions stored = IcebergTables.positions(table, PIPELINE);
      double restoreMs = (System.nanoTime() - t1) / 1e6;
      String metadata = ((HasTableOperations) table).operations().current().metadataFileLocation();
      String pointer = table.properties().get(stored.property());
      return new Row(commit, stored.positions().size(), runMs, restoreMs, Files.size(Path.of(strip(metadata))),
          pointer.length(), stored.files(), newestSegmentBytes(Path.of(strip(stored.directory()))));
    }
  }

  private static String strip(String location) {
    return location.startsWith("file:") ? Path.of(java.net.URI.create(location)).toString() : location;
  }

  private static long newestSegmentBytes(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      Path newest = files.filter(p -> p.toString().endsWith(".json")).max(java.util.Comparator.comparingLong(
          (Path p) -> Long.parseLong(p.getFileName().toString().split("-")[0]))).orElseThrow();
      return Files.size(newest);
    }
  }

  private static String report(int files, int commits, int perCommit, List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("### Positions as history grows\n\n");
    out.append("- Date: ").append(java.time.LocalDate.now()).append('\n');
    out.append("- Machine: ").append(Machine.current().describe()).append('\n');
    out.append(String.format(Locale.ROOT, "- Command: `./bench positions --files %d --commits %d --write-docs`: "
        + "%,d one-row CSV files, %,d per commit, one in-process run per commit, each reading only its new files%n",
        files, commits, files, perCommit));
    out.append("- *run*: the whole run of one commit (start, restore, read, write, commit); *restore*: reading the "
        + "pipeline's positions back as a start does; *metadata.json*: the table's current metadata file; *pointer*: "
        + "the positions property in it; *wrote*: the positions file the commit wrote\n\n");
    out.append("| commit | positions | run ms | restore ms | metadata.json bytes | pointer bytes | positions files "
        + "| positions bytes the commit wrote |\n");
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      out.append(String.format(Locale.ROOT, "| %,d | %,d | %.0f | %.1f | %,d | %,d | %d | %,d |%n", r.commit(),
          r.splits(), r.runMs(), r.restoreMs(), r.metadataBytes(), r.pointerBytes(), r.segments(), r.segmentBytes()));
    }
    return out.toString();
  }
}
