package dev.logpro.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark harness behind {@code ./bench}: generates the event files, runs logpro, DuckDB and Iceberg's generic
 * writer on each, alternating and repeated, each in its own JVM, checks their output, and prints (and optionally
 * writes into {@code docs/benchmarks.md}) one table per format.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("positions")) {
      if (List.of(args).contains("--help")) {
        System.out.print(PositionsBench.USAGE);
        return;
      }
      Path home = Path.of(System.getProperty("logpro.bench.home", ".")).toAbsolutePath().normalize();
      System.exit(PositionsBench.run(java.util.Arrays.copyOfRange(args, 1, args.length), home));
      return;
    }
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(BenchOptions.USAGE);
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    Path home = Path.of(System.getProperty("logpro.bench.home", ".")).toAbsolutePath().normalize();
    System.exit(run(options, home));
  }

  static int run(BenchOptions o, Path home) throws Exception {
    Path data = home.resolve("bench-data");
    long t = System.nanoTime();
    EventGenerator.DataFiles files = EventGenerator.ensure(data, o.rows(), o.seed(), o.formats().contains("csv"),
        o.formats().contains("ndjson"));
    log("data: %s %,d rows in %s (%.1f s)", files.generated() ? "generated" : "reusing", o.rows(), data,
        (System.nanoTime() - t) / 1e9);
    Map<String, Path> inputs = new LinkedHashMap<>();
    Map<String, Long> inputBytes = new LinkedHashMap<>();
    List<Scenario> scenarios = new ArrayList<>();
    for (String f : o.formats()) {
      Path sorted = f.equals("csv") ? files.csv() : files.ndjson();
      for (Scenario scenario : o.scenarios(f)) {
        Path p = scenario.shuffled() ? EventGenerator.shuffled(sorted, f.equals("csv"), o.seed()) : sorted;
        scenarios.add(scenario);
        inputs.put(scenario.key(), p);
        inputBytes.put(scenario.key(), Files.size(p));
      }
    }

    List<RunResult> runs = new ArrayList<>();
    boolean allOk = true;
    Report report;
    try (Readback readback = new Readback()) {
      Contenders contenders = new Contenders(o, readback);
      for (Scenario scenario : scenarios) {
        Path input = inputs.get(scenario.key());
        warm(input);
        for (int rep = 1; rep <= o.repeat(); rep++) {
          for (String c : o.contenders()) {
            Path dir = data.resolve("runs").resolve(scenario.key().replace(' ', '-') + "-" + c + "-" + rep);
            Contenders.deleteTree(dir);
            RunResult r = contenders.run(c, scenario, input, dir, rep);
            runs.add(r);
            allOk &= r.ok();
            log("%-24s %-7s run %d: %s", scenario.key(), c, rep, r.ok()
                ? String.format(Locale.ROOT, "%.2f s wall (%.2f s in-process, %.1f s CPU), peak RSS %,.0f MiB, "
                    + "%,d bytes in %d file%s; %s", r.wallMs() / 1000.0, r.workMs() / 1000.0, r.cpuMs() / 1000.0,
                    r.peakRssKb() / 1024.0, r.outputBytes(), r.outputFiles(), r.outputFiles() == 1 ? "" : "s",
                    r.check())
                : "FAILED " + r.error());
            if (!o.keep()) {
              Contenders.deleteTree(dir);
            }
          }
        }
      }
      report = new Report(o, Machine.current(), readback.version(), scenarios, inputBytes, runs,
          contenders.schemas());
    }
    String md = report.markdown();
    System.out.println();
    System.out.println(md);
    if (o.writeDocs()) {
      Path docs = home.resolve("docs").resolve("benchmarks.md");
      if (scenarios.stream().allMatch(Scenario::partitioned)) {
        DocsFile.writePartitioned(docs, md);
      } else {
        DocsFile.writeResults(docs, md);
      }
      log("wrote %s", docs);
    }
    return allOk ? 0 : 1;
  }

  /** Reads a file once so every contender finds it in the page cache, not only the ones after the first. */
  private static void warm(Path file) throws java.io.IOException {
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      while (in.read(buf) >= 0) {
        // Reading is the point.
      }
    }
  }

  private static void log(String format, Object... args) {
    System.err.println("bench: " + String.format(Locale.ROOT, format, args));
  }
}
