package dev.logpro.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/** Turns the runs into one Markdown section: machine, command, and a table per format. */
final class Report {
  private final BenchOptions options;
  private final Machine machine;
  private final String duckdbVersion;
  private final List<Scenario> scenarios;
  private final Map<String, Long> inputBytes;
  private final List<RunResult> runs;
  private final Map<String, String> schemas;

  Report(BenchOptions options, Machine machine, String duckdbVersion, List<Scenario> scenarios,
      Map<String, Long> inputBytes, List<RunResult> runs, Map<String, String> schemas) {
    this.scenarios = scenarios;
    this.options = options;
    this.machine = machine;
    this.duckdbVersion = duckdbVersion;
    this.inputBytes = inputBytes;
    this.runs = runs;
    this.schemas = schemas;
  }

  /** The median (the lower one of an even count) of a contender's successful runs on a format, or -1. */
  private long median(String format, String contender, ToLongFunction<RunResult> f) {
    List<Long> v = runs.stream().filter(r -> r.ok() && r.format().equals(format) && r.contender().equals(contender))
        .map(f::applyAsLong).sorted().toList();
    return v.isEmpty() ? -1 : v.get((v.size() - 1) / 2);
  }

  private long max(String format, String contender, ToLongFunction<RunResult> f) {
    return runs.stream().filter(r -> r.ok() && r.format().equals(format) && r.contender().equals(contender))
        .mapToLong(f).max().orElse(-1);
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    boolean partitionedOnly = scenarios.stream().allMatch(Scenario::partitioned);
    md.append(partitionedOnly ? "### Partitioned results\n\n" : "## Results\n\n");
    md.append("- Date: ").append(LocalDate.now()).append('\n');
    md.append("- Machine: ").append(machine.describe()).append('\n');
    md.append("- JDK: ").append(machine.jdk()).append(", every contender in its own JVM with `")
        .append(String.join(" ", ChildRun.jvmFlags())).append("` (the flags of `./logpro`), logpro also with")
        .append(" `./logpro`'s class-data-sharing archive, recorded by one unmeasured warm-up run\n");
    md.append("- DuckDB: ").append(duckdbVersion).append(" through `org.duckdb:duckdb_jdbc`, `SET threads=")
        .append(options.duckdbThreads()).append("`\n");
    md.append("- Command: `").append(options.command()).append("`\n");
    md.append("- Runs: ").append(options.repeat()).append(" per contender and format, alternating ")
        .append(String.join(", ", options.contenders())).append("; medians shown, peak RSS is the largest\n\n");
    for (Scenario scenario : scenarios) {
      table(md, scenario, partitionedOnly ? "####" : "###");
    }
    return md.toString();
  }

  private void table(StringBuilder md, Scenario scenario, String heading) {
    String format = scenario.key();
    long in = inputBytes.get(format);
    boolean files = scenario.partitioned();
    md.append(String.format(Locale.ROOT, "%s %s: %,d rows, %,.1f MB%n%n", heading, scenario.title(), options.rows(),
        in / 1e6));
    md.append("| contender | seconds | rows/s | MB/s | speed vs DuckDB | in-process s | CPU s | peak RSS MiB "
        + "| output bytes | size vs DuckDB |" + (files ? " files | partitions |" : "") + "\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + (files ? "---:|---:|" : "") + "\n");
    long duckWall = median(format, "duckdb", RunResult::wallMs);
    long duckBytes = median(format, "duckdb", RunResult::outputBytes);
    for (String c : options.contenders()) {
      long wall = median(format, c, RunResult::wallMs);
      if (wall < 0) {
        md.append("| ").append(c).append(" | failed | | | | | | | | |").append(files ? " | |" : "").append('\n');
        continue;
      }
      double s = wall / 1000.0;
      long work = median(format, c, RunResult::workMs);
      long cpu = median(format, c, RunResult::cpuMs);
      long rss = max(format, c, RunResult::peakRssKb);
      long bytes = median(format, c, RunResult::outputBytes);
      md.append(String.format(Locale.ROOT, "| %s | %.2f | %,.0f | %.1f | %s | %s | %s | %,.0f | %,d | %s |", c, s,
          options.rows() / s, in / 1e6 / s, duckWall > 0 ? String.format(Locale.ROOT, "%.2f×", duckWall / 1000.0 / s)
              : "n/a",
          work >= 0 ? String.format(Locale.ROOT, "%.2f", work / 1000.0) : "n/a",
          cpu >= 0 ? String.format(Locale.ROOT, "%.1f", cpu / 1000.0) : "n/a", rss / 1024.0, bytes,
          duckBytes > 0 ? String.format(Locale.ROOT, "%.3f", (double) bytes / duckBytes) : "n/a"));
      if (files) {
        md.append(String.format(Locale.ROOT, " %,d | %,d |", median(format, c, r -> r.outputFiles()),
            median(format, c, RunResult::partitions)));
      }
      md.append('\n');
    }
    md.append('\n');
    List<RunResult> mine = new ArrayList<>(runs.stream().filter(r -> r.format().equals(format)).toList());
    mine.sort(Comparator.comparing(RunResult::repeat));
    for (RunResult r : mine) {
      if (!r.ok()) {
        md.append("- **").append(r.contender()).append(" run ").append(r.repeat()).append(" failed**: ")
            .append(r.error().replace("\n", " / ")).append('\n');
      } else if (r.repeat() == 1) {
        md.append("- ").append(r.contender()).append(" check: ").append(r.check())
            .append(r.outputFiles() > 1 ? " (" + r.outputFiles() + " files)" : "").append('\n');
      }
    }
    for (String c : options.contenders()) {
      String schema = schemas.get(format + "/" + c);
      if (schema != null) {
        md.append("- ").append(c).append(" columns as DuckDB reads them: ").append(schema).append('\n');
      }
    }
    md.append('\n');
  }
}
