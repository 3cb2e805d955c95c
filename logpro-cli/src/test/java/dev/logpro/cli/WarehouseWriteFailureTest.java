package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.testkit.EventFiles;
import dev.logpro.testkit.EventTally;
import dev.logpro.testkit.IcebergEvents;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse refuses writes mid-way through a table's life (a data directory that cannot be written, a full
 * disk): {@code logpro run} fails with one line saying why, exits 1, and the table references no partial file and
 * holds only what was committed before; once the cause is fixed, the next run lands the rest, every row once.
 */
class WarehouseWriteFailureTest {
  private static final int ROWS = 2000;
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  @TempDir Path dir;
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  private Path config(Path warehouse) throws IOException {
    return Files.writeString(dir.resolve("pipeline.yaml"), """
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: %s, namespace: analytics, table: events, commit_interval_s: 0}}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(dir.resolve("in"), warehouse, dir.resolve("dlq")));
  }

  /** Runs {@code logpro run} in this JVM; returns the exit code, stderr since the last call in {@link #err}. */
  private int run(Path config) {
    console.reset();
    return Main.execute("run", config.toString());
  }

  /** The failure is told in one error line, with its causes one line each, and no stack trace. */
  private void assertOneClearError(String cause) {
    List<String> errors = console.stderr().lines().filter(l -> l.startsWith("error: ")).toList();
    assertThat(errors).as(console.stderr()).hasSize(1);
    assertThat(console.stderr()).as("the line or its causes say why").contains(cause)
        .doesNotContain("\tat ").doesNotContain("Exception in thread");
  }

  /** The table's data files, as the table references them, and the Parquet files on disk: the same set. */
  private static void assertNoFileBeyondTheTable(Table table, Path data) throws IOException {
    table.refresh();
    Set<String> referenced = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> referenced.add(Path.of(t.file().location().replaceFirst("^file:", "")).toString()));
    }
    Set<String> onDisk = new HashSet<>();
    try (Stream<Path> files = Files.walk(data)) {
      files.filter(Files::isRegularFile).forEach(f -> onDisk.add(f.toString()));
    }
    assertThat(onDisk).as("no partial or orphan data file is left beside the table's").isEqualTo(referenced);
  }

  @Test
  void aDataDirectoryThatCannotBeWrittenFailsCleanlyAndTheRerunLandsTheRest() throws Exception {
    Path warehouse = dir.resolve("wh");
    Path config = config(warehouse);
    EventFiles.writeCsv(dir.resolve("in"), 3, ROWS);
    assertThat(run(config)).as(console.stderr()).isZero();
    EventFiles.writeCsv(dir.resolve("in"), 6, ROWS); // the first three again, byte for byte, and three new ones
    Path data = warehouse.resolve("analytics/events/data");
    Table table = Warehouse.table(warehouse, "analytics", "events");

    forbidWrites(data);
    int failed;
    try {
      failed = run(config);
    } finally {
      allowWrites(data);
    }

    assertThat(failed).isEqualTo(1);
    assertOneClearError(ROOT ? "Operation not permitted" : "Permission denied");
    assertThat(IcebergEvents.tally(table)).matches(t -> t.isExactlyOnce(EventTally.expected(3, ROWS)),
        "only the first run's rows");
    assertNoFileBeyondTheTable(table, data);

    assertThat(run(config)).as(console.stderr()).isZero();
    assertThat(IcebergEvents.tally(table)).matches(t -> t.isExactlyOnce(EventTally.expected(6, ROWS)), "exactly once");
    assertNoFileBeyondTheTable(table, data);
  }

  @Test
  void aFullDiskFailsCleanlyAndTheRerunLandsTheRest() throws Exception {
    Path warehouse = Files.createDirectories(dir.resolve("wh"));
    // A real full file system: a 4 MiB tmpfs holding the whole warehouse, catalog included. Mounting needs root
    // (CAP_SYS_ADMIN); elsewhere this test cannot make a disk full and is skipped.
    Assumptions.assumeTrue(ROOT && exec("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", warehouse.toString()) == 0,
        "needs root to mount a small tmpfs");
    try {
      Path config = config(warehouse);
      EventFiles.writeCsv(dir.resolve("in"), 2, ROWS);
      assertThat(run(config)).as(console.stderr()).isZero();
      EventFiles.writeCsv(dir.resolve("in"), 8, ROWS);
      Table table = Warehouse.table(warehouse, "analytics", "events");
      Path filler = fillUp(warehouse);

      assertThat(run(config)).isEqualTo(1);
      assertOneClearError("No space left on device");
      assertThat(IcebergEvents.tally(table)).matches(t -> t.isExactlyOnce(EventTally.expected(2, ROWS)),
          "only the first run's rows");
      assertNoFileBeyondTheTable(table, warehouse.resolve("analytics/events/data"));

      Files.delete(filler);
      assertThat(run(config)).as(console.stderr()).isZero();
      assertThat(IcebergEvents.tally(table)).matches(t -> t.isExactlyOnce(EventTally.expected(8, ROWS)),
          "exactly once");
      assertNoFileBeyondTheTable(table, warehouse.resolve("analytics/events/data"));
    } finally {
      exec("umount", "-l", warehouse.toString());
    }
  }

  /**
   * Makes {@code data} refuse new files. {@code chmod} does that for a normal user; root ignores permissions, so as
   * root the directory is made immutable instead ({@code chattr +i}), which even root cannot write into.
   */
  private static void forbidWrites(Path data) throws Exception {
    if (ROOT) {
      Assumptions.assumeTrue(exec("chattr", "+i", data.toString()) == 0,
          "running as root, the file system must support chattr +i to refuse writes");
    } else {
      Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
    }
  }

  private static void allowWrites(Path data) throws Exception {
    if (ROOT) {
      exec("chattr", "-i", data.toString());
    } else {
      Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** Writes a file until the file system is full; returns it. */
  private static Path fillUp(Path fileSystem) throws IOException {
    Path filler = fileSystem.resolve("filler");
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE_NEW)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw full;
      }
    }
    return filler;
  }

  private static int exec(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
