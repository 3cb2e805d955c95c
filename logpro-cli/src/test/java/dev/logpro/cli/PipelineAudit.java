package dev.logpro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Runs the whole pipeline (file source, decoder, transforms, Iceberg sink, commit) in-process over a directory of
 * inputs and checks its books: the run returns, Arrow memory outstanding is zero, nothing is written outside the
 * warehouse and the dead-letter directory, nothing is logged with a stack trace, and rows landed (read back with
 * Iceberg's reader) plus dead letters (lines of the DLQ files) equal the records read, by the run's count and by the
 * inputs' own count where it is known.
 *
 * <p>When a run's books do not balance, {@link #check} runs each input alone and names the ones that fail by
 * themselves, so one input can be reproduced.
 */
final class PipelineAudit {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_NAMED = 10;
  private static final TableIdentifier TABLE = TableIdentifier.of("default", "t");
  private static final Pattern STACK_TRACE =
      Pattern.compile("\\n\\s*at [\\w$.]+\\(|\\b(java|javax|org|dev|com)\\.[\\w$.]+(Exception|Error)\\b");

  /** One input file; {@code records}: the records it holds, or -1 when only a decoder can tell. */
  record Input(String name, byte[] bytes, long records) {}

  private final Path workDir;
  private final String format;
  private final String transforms;
  private int runs;

  /** {@code transforms}: the YAML list for processing.transforms, such as {@code [{type: flatten}]}. */
  PipelineAudit(Path workDir, String format, String transforms) {
    this.workDir = workDir;
    this.format = format;
    this.transforms = transforms;
  }

  /** Runs {@code inputs} together; when the books do not balance, fails naming the inputs that fail alone. */
  void check(String label, String schemaPolicy, List<Input> inputs) {
    List<String> problems = audit(schemaPolicy, inputs);
    if (problems.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder("%s: %d %s inputs under schema_policy %s: %s%n"
        .formatted(label, inputs.size(), format, schemaPolicy, String.join("; ", problems)));
    int failingAlone = 0;
    for (Input input : inputs) {
      if (failingAlone == MAX_NAMED) {
        message.append("  (stopped after %d inputs that fail alone)%n".formatted(MAX_NAMED));
        break;
      }
      List<String> alone = audit(schemaPolicy, List.of(input));
      if (!alone.isEmpty()) {
        failingAlone++;
        message.append("  alone, %s %s: %s%n".formatted(input.name(), shown(input.bytes()), String.join("; ", alone)));
      }
    }
    if (failingAlone == 0) {
      message.append("  no input fails alone; the batch was: ")
          .append(inputs.stream().map(Input::name).toList()).append('\n');
    }
    throw new AssertionError(message.toString());
  }

  /** The problems of one run over {@code inputs}: empty when its books balance. */
  List<String> audit(String schemaPolicy, List<Input> inputs) {
    Path run = workDir.resolve("run-" + ++runs);
    Path in = run.resolve("in");
    Path warehouse = run.resolve("wh");
    Path dlq = run.resolve("dlq");
    List<String> problems = new ArrayList<>();
    try {
      Files.createDirectories(workDir);
      Files.createDirectory(run);
      Files.createDirectory(in);
      for (Input input : inputs) {
        Files.write(in.resolve(input.name()), input.bytes());
      }
      Map<String, String> before = tree(workDir);
      Map<String, String> workingDirBefore = tree(Paths.get("").toAbsolutePath(), 1);
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      RunSummary summary;
      PrintStream originalErr = System.err;
      System.setErr(new PrintStream(new TeeStream(originalErr, stderr), true, StandardCharsets.UTF_8));
      try {
        summary = pipeline(schemaPolicy, in, warehouse, dlq).run();
      } catch (Throwable t) { // the finding is whatever escapes, errors included
        problems.add("the run threw " + stackTrace(t));
        return problems;
      } finally {
        System.setErr(originalErr);
      }
      writesOutside(before, tree(workDir), List.of(warehouse, dlq), problems);
      writesOutside(workingDirBefore, tree(Paths.get("").toAbsolutePath(), 1), List.of(), problems);
      if (STACK_TRACE.matcher(stderr.toString(StandardCharsets.UTF_8)).find()) {
        problems.add("a stack trace was logged: " + stderr.toString(StandardCharsets.UTF_8));
      }
      if (summary.arrowBytesOutstanding() != 0) {
        problems.add(summary.arrowBytesOutstanding() + " Arrow bytes outstanding");
      }
      long landed = rowsLanded(warehouse);
      long deadLetters = deadLetters(dlq, problems);
      if (landed + deadLetters != summary.rowsRead()) {
        problems.add("%d rows landed + %d dead letters != %d records read (summary: %s)"
            .formatted(landed, deadLetters, summary.rowsRead(), summary));
      }
      if (landed != summary.rowsWritten() || deadLetters != summary.deadLetters()) {
        problems.add("%d rows landed and %d dead letters, but the summary says %d and %d"
            .formatted(landed, deadLetters, summary.rowsWritten(), summary.deadLetters()));
      }
      if (inputs.stream().allMatch(i -> i.records() >= 0)) {
        long expected = inputs.stream().mapToLong(Input::records).sum();
        if (expected != summary.rowsRead()) {
          problems.add("the inputs hold %d records but the run read %d".formatted(expected, summary.rowsRead()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (problems.isEmpty()) {
      delete(run);
    }
    return problems;
  }

  private Pipeline pipeline(String schemaPolicy, Path in, Path warehouse, Path dlq) {
    return Pipeline.fromYaml("""
        pipeline: fuzz
        source: {type: file, file: {path: "%s", format: %s}}
        processing: {schema_policy: %s, transforms: %s}
        sink: {type: iceberg, iceberg: {warehouse: "%s", table: %s}}
        reliability: {dlq: {type: file, path: "%s"}}
        observability: {progress: never}
        """.formatted(in, format, schemaPolicy, transforms, warehouse, TABLE.name(), dlq));
  }

  private static long rowsLanded(Path warehouse) throws IOException {
    Catalog catalog = Warehouse.catalog(warehouse);
    try {
      return catalog.tableExists(TABLE) ? Warehouse.rows(catalog.loadTable(TABLE)).size() : 0;
    } finally {
      ((Closeable) catalog).close();
    }
  }

  /** The lines of the DLQ files; each must be a dead letter whose error holds no stack trace. */
  private static long deadLetters(Path dlq, List<String> problems) throws IOException {
    if (!Files.isDirectory(dlq)) {
      return 0;
    }
    long lines = 0;
    try (Stream<Path> files = Files.list(dlq)) {
      for (Path file : files.sorted().toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          lines++;
          JsonNode letter = JSON.readTree(line);
          String error = letter.path("error").asText("");
          if (error.isBlank() || STACK_TRACE.matcher(error).find()) {
            problems.add("dead letter of %s has error '%s'".formatted(letter.path("source").asText(), error));
          }
        }
      }
    }
    return lines;
  }

  private static void writesOutside(Map<String, String> before, Map<String, String> after, List<Path> allowed,
      List<String> problems) {
    Map<String, String> changed = new TreeMap<>(after);
    changed.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey()))
        || allowed.stream().anyMatch(a -> Paths.get(e.getKey()).startsWith(a)));
    before.keySet().stream().filter(p -> !after.containsKey(p)).forEach(p -> changed.put(p, "deleted"));
    if (!changed.isEmpty()) {
      problems.add("written outside the warehouse and the DLQ: " + changed.keySet());
    }
  }

  private static Map<String, String> tree(Path root) throws IOException {
    return tree(root, Integer.MAX_VALUE);
  }

  /** Every path under {@code root} (to {@code depth}) with its size and modification time. */
  private static Map<String, String> tree(Path root, int depth) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root, depth)) {
      for (Path p : paths.toList()) {
        tree.put(p.toString(), Files.isDirectory(p) ? "dir" : Files.size(p) + "@" + Files.getLastModifiedTime(p));
      }
    }
    return tree;
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The trace of {@code t} down to where this class called the pipeline. */
  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    String trace = out.toString();
    int caller = trace.indexOf("\tat " + PipelineAudit.class.getName());
    return caller < 0 ? trace : trace.substring(0, caller);
  }

  /** Short inputs as an escaped string, to paste into a regression test; long ones by size. */
  static String shown(byte[] bytes) {
    if (bytes.length > 300) {
      return "(" + bytes.length + " bytes)";
    }
    StringBuilder text = new StringBuilder("\"");
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c == '"' || c == '\\') {
        text.append('\\').append((char) c);
      } else if (c >= 0x20 && c < 0x7f) {
        text.append((char) c);
      } else {
        text.append("\\x%02x".formatted(c));
      }
    }
    return text.append('"').toString();
  }

  /** Copies what is written to two streams. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream first;
    private final java.io.OutputStream second;

    TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }
  }
}
