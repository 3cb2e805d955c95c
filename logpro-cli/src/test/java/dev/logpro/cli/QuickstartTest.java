package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.testkit.ChildJvm;
import dev.logpro.testkit.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, as a new user runs it: from the checkout's root, twice. */
class QuickstartTest {
  @TempDir Path dir;

  @Test
  void quickstartLandsTheSampleFilesOnceAndDeadLettersTheBadRow() throws Exception {
    copy(TestData.projectRoot().resolve("examples"), dir.resolve("examples"));

    String first = run();
    assertThat(first).contains("written     600 rows", "dead letters 1", "committed   1 commit");
    assertThat(Warehouse.rows(Warehouse.table(dir.resolve("warehouse"), "analytics", "events"))).hasSize(600);
    assertThat(FilesToIcebergTest.deadLetters(dir.resolve("dlq"))).singleElement()
        .satisfies(letter -> assertThat(letter.get("raw").asText()).isEqualTo("this row,has,too few fields"));

    String second = run();
    assertThat(second).contains("read        0 rows", "committed   0 commits");
  }

  @Test
  void theParquetExampleWritesHivePartitionsOnce() throws Exception {
    copy(TestData.projectRoot().resolve("examples"), dir.resolve("examples"));

    String first = run("examples/parquet-sink.yaml");
    assertThat(first).contains("written     600 rows", "dead letters 1");
    assertThat(ParquetOutput.files(dir.resolve("parquet"))).isNotEmpty()
        .allSatisfy(f -> assertThat(dir.resolve("parquet").relativize(f).toString()).matches("country=[A-Z]{2}/.*"));
    assertThat(ParquetOutput.count(dir.resolve("parquet"))).isEqualTo(600);
    assertThat(dir.resolve("checkpoints/parquet-example.json")).exists();

    String second = run("examples/parquet-sink.yaml");
    assertThat(second).contains("read        0 rows");
    assertThat(ParquetOutput.count(dir.resolve("parquet"))).isEqualTo(600);
  }

  private String run() throws Exception {
    return run("examples/quickstart.yaml");
  }

  private String run(String config) throws Exception {
    Path log = dir.resolve("run.log");
    Files.deleteIfExists(log);
    Process process = ChildJvm.start(dir, log, Main.class.getName(), "run", config);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(log);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
