package dev.logpro.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.TestInfo;

/**
 * One test's world: a directory for inputs and pipeline configs, a warehouse with logpro's embedded catalog, the
 * {@code logpro} command to run on it, and a Spark session whose catalog {@code logpro} is that warehouse.
 */
final class Lake {
  final Path dir;
  final Path warehouse;
  final SparkSession spark;
  private final String label;

  Lake(Path dir, SparkSession base, TestInfo test) {
    this.dir = dir;
    this.warehouse = dir.resolve("warehouse");
    this.spark = SparkSessions.forWarehouse(base, warehouse);
    // Iceberg's Spark3Util resolves catalogs through the active session, not the one it is given.
    SparkSession.setActiveSession(spark);
    String method = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
    this.label = test.getTestClass().map(Class::getSimpleName).orElse("") + "-" + method
        + (test.getDisplayName().startsWith(method + "(") ? "" : "-" + test.getDisplayName());
  }

  /** Writes the pipeline config {@code name}.yaml; {@code %W} in {@code yaml} stands for the warehouse. */
  Path config(String name, String yaml) {
    try {
      return Files.writeString(dir.resolve(name + ".yaml"), yaml.replace("%W", warehouse.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code logpro run <config> <options>}, to its end. */
  LogproProcess.Result run(Path config, String... options) {
    List<String> args = new ArrayList<>(List.of("run", config.toString()));
    args.addAll(List.of(options));
    return LogproProcess.run(dir, label, args.toArray(String[]::new));
  }

  /** As {@link #run}, which must exit 0. */
  LogproProcess.Result runOk(Path config, String... options) {
    LogproProcess.Result result = run(config, options);
    keepIfFailed(result);
    assertThat(result.exitCode()).as("%s", result).isZero();
    return result;
  }

  /**
   * A run that failed (exit code 1) leaves its warehouse for a look: copied to {@code target/logpro-runs/<log>.d},
   * since the test's temporary directory goes with the test.
   */
  void keepIfFailed(LogproProcess.Result result) {
    if (result.exitCode() != 1) {
      return;
    }
    Path copy = Path.of(result.log() + ".d");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(dir.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code logpro run <config>} and returns at once. */
  LogproProcess start(Path config) {
    return LogproProcess.start(dir, label, "run", config.toString());
  }

  Dataset<Row> sql(String sql) {
    return spark.sql(sql);
  }

  /** The single value a query returns. */
  <T> T scalar(String sql) {
    List<Row> rows = spark.sql(sql).collectAsList();
    assertThat(rows).as(sql).hasSize(1);
    @SuppressWarnings("unchecked")
    T value = (T) rows.get(0).get(0);
    return value;
  }

  /** {@code count(*)} of {@code table} ({@code ns.name}) in the logpro catalog, as Spark reads it. */
  long count(String table) {
    return this.<Long>scalar("SELECT count(*) FROM logpro." + table);
  }

  /** The Iceberg table {@code ns.name}, loaded through Spark's catalog, for Iceberg's own Java reader. */
  Table table(String table) {
    try {
      return Spark3Util.loadIcebergTable(spark, "logpro." + table);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot load logpro." + table, e);
    }
  }
}
