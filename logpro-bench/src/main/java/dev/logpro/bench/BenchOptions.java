package dev.logpro.bench;

import java.util.List;
import java.util.Locale;

/** The harness's command line. */
record BenchOptions(long rows, List<String> formats, int repeat, List<String> contenders, boolean writeDocs,
    long seed, int duckdbThreads, boolean keep, List<String> partitions, List<String> orders, String command) {

  static final List<String> FORMATS = List.of("csv", "ndjson");
  static final List<String> CONTENDERS = List.of("logpro", "duckdb", "generic");

  static final String USAGE = """
      usage: ./bench [options]
        --rows N              events to generate and convert (default 5000000)
        --formats csv,ndjson  input formats to run (default both)
        --repeat N            runs of each contender per format, alternating; the median is reported (default 3)
        --contenders LIST     any of logpro,duckdb,generic (default all three)
        --write-docs          rewrite the results section of docs/benchmarks.md
        --seed N              generator seed (default 54)
        --duckdb-threads N    DuckDB's SET threads (default: the number of CPUs)
        --keep                keep each run's output under bench-data/runs
        --partitions LIST     any of none,day,hour,bucket-day: the table's partitioning, one table each (default none)
        --orders LIST         any of sorted,shuffled: events in time order or shuffled (default sorted; none runs
                              sorted only)
      ./bench positions --help   what committed positions cost as history grows (issue #16)
      """;

  /** The scenarios of one format, in table order: each partitioning, time-sorted then shuffled. */
  List<Scenario> scenarios(String format) {
    List<Scenario> all = new java.util.ArrayList<>();
    for (String partitioning : partitions) {
      for (String order : orders) {
        if (!partitioning.equals("none") || order.equals("sorted")) {
          all.add(new Scenario(format, partitioning, order));
        }
      }
    }
    return all;
  }

  static BenchOptions parse(String[] args) {
    long rows = 5_000_000;
    List<String> formats = FORMATS;
    int repeat = 3;
    List<String> contenders = CONTENDERS;
    boolean writeDocs = false;
    long seed = EventGenerator.DEFAULT_SEED;
    int threads = Runtime.getRuntime().availableProcessors();
    boolean keep = false;
    List<String> partitions = List.of("none");
    List<String> orders = List.of("sorted");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--rows" -> rows = positive(a, value(args, ++i, a));
        case "--formats" -> formats = list(a, value(args, ++i, a), FORMATS);
        case "--repeat" -> repeat = (int) positive(a, value(args, ++i, a));
        case "--contenders" -> contenders = list(a, value(args, ++i, a), CONTENDERS);
        case "--write-docs" -> writeDocs = true;
        case "--seed" -> seed = number(a, value(args, ++i, a));
        case "--duckdb-threads" -> threads = (int) positive(a, value(args, ++i, a));
        case "--keep" -> keep = true;
        case "--partitions" -> partitions = list(a, value(args, ++i, a), Scenario.PARTITIONINGS);
        case "--orders" -> orders = list(a, value(args, ++i, a), Scenario.ORDERS);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    String command = ("./bench " + String.join(" ", args)).trim();
    return new BenchOptions(rows, formats, repeat, contenders, writeDocs, seed, threads, keep, partitions, orders,
        command);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static long number(String option, String v) {
    try {
      return Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": expected an integer, got '" + v + "'");
    }
  }

  private static long positive(String option, String v) {
    long n = number(option, v);
    if (n <= 0) {
      throw new IllegalArgumentException(option + ": expected a positive integer, got " + v);
    }
    return n;
  }

  private static List<String> list(String option, String v, List<String> allowed) {
    List<String> items = List.of(v.toLowerCase(Locale.ROOT).split(","));
    for (String item : items) {
      if (!allowed.contains(item)) {
        throw new IllegalArgumentException(option + ": unknown '" + item + "', expected some of " + allowed);
      }
    }
    // Keep the canonical order, so runs alternate the same way whatever order was typed.
    return allowed.stream().filter(items::contains).toList();
  }
}
