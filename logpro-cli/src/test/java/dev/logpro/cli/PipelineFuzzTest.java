package dev.logpro.cli;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logpro.cli.PipelineAudit.Input;
import dev.logpro.testkit.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline over hostile input: JSONTestSuite documents as NDJSON lines and as one-element JSON arrays,
 * csv-spectrum, and thousands of damaged copies of the example data, many files to a run. Every run must return,
 * leak no Arrow memory, write nothing outside its warehouse and DLQ, and land every record read exactly once, as a row
 * or as a dead letter (see {@link PipelineAudit}).
 */
class PipelineFuzzTest {
  private static final Path TESTDATA = TestData.projectRoot().resolve("testdata");
  private static final Path EXAMPLES = TestData.projectRoot().resolve("examples/data");
  private static final int MUTANTS_PER_FORMAT = 1500;
  private static final int MUTANTS_PER_RUN = 250;
  /** For the conformance suites, whose documents share no column: a step that fits any input. */
  private static final String TRANSFORMS = "[{type: flatten}]";
  /**
   * For the damaged example data: also a step naming a column, which a damaged header may lack (then that batch's
   * rows are dead letters naming the step, and the run goes on).
   */
  private static final String MUTANT_TRANSFORMS = "[{type: flatten}, {type: cast, columns: {user_id: string}}]";

  @TempDir Path dir;

  @Test
  void jsonTestSuiteDocumentsAsNdjsonLines() throws IOException {
    PipelineAudit audit = new PipelineAudit(dir, "ndjson", TRANSFORMS);
    List<Input> inputs = new ArrayList<>();
    for (Path doc : jsonTestSuite()) {
      byte[] line = concat(Files.readAllBytes(doc), new byte[] {'\n'});
      inputs.add(new Input(baseName(doc) + ".ndjson", line, nonBlankLines(line)));
    }
    checkByPrefix(audit, inputs);
  }

  @Test
  void jsonTestSuiteDocumentsAsOneElementArrays() throws IOException {
    PipelineAudit audit = new PipelineAudit(dir, "json", TRANSFORMS);
    List<Input> inputs = new ArrayList<>();
    for (Path doc : jsonTestSuite()) {
      byte[] array = concat(concat(new byte[] {'['}, Files.readAllBytes(doc)), new byte[] {']'});
      boolean valid = doc.getFileName().toString().startsWith("y_");
      inputs.add(new Input(baseName(doc) + ".json", array, valid ? 1 : -1));
    }
    checkByPrefix(audit, inputs);
  }

  @Test
  void csvSpectrum() throws IOException {
    PipelineAudit audit = new PipelineAudit(dir, "csv", TRANSFORMS);
    ObjectMapper json = new ObjectMapper();
    List<Input> inputs = new ArrayList<>();
    for (Path csv : list(TESTDATA.resolve("csv-spectrum/csvs"))) {
      Path expected = TESTDATA.resolve("csv-spectrum/json/" + baseName(csv) + ".json");
      JsonNode rows = json.readTree(expected.toFile()); // one object where upstream expects one row
      inputs.add(new Input(csv.getFileName().toString(), Files.readAllBytes(csv), rows.isArray() ? rows.size() : 1));
    }
    checkUnderEveryPolicy(audit, "csv-spectrum", inputs);
  }

  @Test
  void damagedCsv() throws IOException {
    PipelineAudit audit = new PipelineAudit(dir, "csv", MUTANT_TRANSFORMS);
    List<Path> samples = List.of(EXAMPLES.resolve("events/part-0001.csv"), EXAMPLES.resolve("events/part-0002.csv"),
        EXAMPLES.resolve("lookup/countries.csv"));
    checkMutants(audit, samples, true, ".csv");
  }

  @Test
  void damagedNdjson() throws IOException {
    PipelineAudit audit = new PipelineAudit(dir, "ndjson", MUTANT_TRANSFORMS);
    List<Path> samples = list(EXAMPLES.resolve("events-json"));
    checkMutants(audit, samples, false, ".ndjson");
  }

  private void checkMutants(PipelineAudit audit, List<Path> samples, boolean header, String extension)
      throws IOException {
    List<Mutations> mutations = new ArrayList<>();
    for (Path sample : samples) {
      mutations.add(new Mutations(Files.readAllBytes(sample), header));
    }
    for (int from = 0; from < MUTANTS_PER_FORMAT; from += MUTANTS_PER_RUN) {
      List<Input> inputs = new ArrayList<>();
      for (int n = from; n < from + MUTANTS_PER_RUN; n++) {
        int sample = n % samples.size();
        byte[] bytes = mutations.get(sample).mutant(n);
        String name = "%s-mutant-%d%s".formatted(baseName(samples.get(sample)), n, extension);
        inputs.add(new Input(name, bytes, extension.equals(".ndjson") ? nonBlankLines(bytes) : -1));
      }
      String label = "mutants %d..%d of %s".formatted(from, from + MUTANTS_PER_RUN - 1, extension);
      if (from == 0) {
        checkUnderEveryPolicy(audit, label, inputs);
      } else {
        check(audit, label, "permissive", inputs);
      }
    }
  }

  /** The y_, n_ and i_ documents as a run each, under every schema policy. */
  private void checkByPrefix(PipelineAudit audit, List<Input> inputs) {
    for (String prefix : List.of("y_", "n_", "i_")) {
      checkUnderEveryPolicy(audit, "JSONTestSuite " + prefix,
          inputs.stream().filter(i -> i.name().startsWith(prefix)).toList());
    }
  }

  private void checkUnderEveryPolicy(PipelineAudit audit, String label, List<Input> inputs) {
    for (String policy : List.of("permissive", "rescue", "strict")) {
      check(audit, label, policy, inputs);
    }
  }

  private void check(PipelineAudit audit, String label, String policy, List<Input> inputs) {
    audit.check(label, policy, inputs);
  }

  private static List<Path> jsonTestSuite() throws IOException {
    return list(TESTDATA.resolve("JSONTestSuite/test_parsing"));
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  /** Lines holding more than spaces, tabs and carriage returns (a byte-order mark at the start is no content). */
  static long nonBlankLines(byte[] bytes) {
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
    long lines = 0;
    boolean content = false;
    for (int i = start; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        lines += content ? 1 : 0;
        content = false;
      } else if (b != ' ' && b != '\t' && b != '\r') {
        content = true;
      }
    }
    return lines + (content ? 1 : 0);
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.lastIndexOf('.'));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
