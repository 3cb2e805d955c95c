package dev.logpro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logpro.testkit.ChildJvm;
import dev.logpro.testkit.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/transforms.yaml as the README runs it: {@code logpro run examples/transforms.yaml} from the checkout. */
class TransformsExampleTest {
  @TempDir Path dir;

  @Test
  void theTransformsExampleShapesTheSampleAndDeadLettersWhatFailsItsRules() throws Exception {
    Path examples = TestData.projectRoot().resolve("examples");
    copy(examples, dir.resolve("examples"));

    Path log = dir.resolve("run.log");
    Process process = ChildJvm.start(dir, log, Main.class.getName(), "run", "examples/transforms.yaml");
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(log);
    assertThat(process.exitValue()).as(output).isZero();

    // What the example should do, worked out from the sample files themselves.
    List<String[]> events = new ArrayList<>();
    for (Path file : List.of(examples.resolve("data/events/part-0001.csv"),
        examples.resolve("data/events/part-0002.csv"))) {
      Files.readAllLines(file).stream().skip(1).map(l -> l.split(",", -1)).filter(f -> f.length == 16)
          .forEach(events::add);
    }
    List<String[]> kept = events.stream().filter(e -> !e[5].equals("deleted") && !e[13].equals("true")).toList();
    List<String[]> landed = kept.stream().filter(e -> Double.parseDouble(e[10]) <= 1000)
        .filter(e -> e[5].equals("ok") || e[5].equals("error")).toList();

    Table table = Warehouse.table(dir.resolve("warehouse"), "analytics", "events_shaped");
    List<Record> rows = Warehouse.rows(table);
    assertThat(rows).hasSize(landed.size()).isNotEmpty();
    assertThat(table.schema().findField("city")).isNull();
    assertThat(table.schema().findField("type")).isNotNull();
    assertThat(table.schema().findField("visit_key")).isNotNull();
    Map<String, Record> byId = rows.stream().collect(Collectors.toMap(r -> (String) r.getField("event_id"), r -> r));
    String[] german = landed.stream().filter(e -> e[6].equals("DE")).findFirst().orElseThrow();
    assertThat(byId.get(german[0]).getField("country_name")).isEqualTo("Germany");
    String[] nigerian = landed.stream().filter(e -> e[6].equals("NG")).findFirst().orElseThrow();
    assertThat(byId.get(nigerian[0]).getField("country_name")).as("not in the lookup").isNull();
    assertThat(byId.get(german[0]).getField("zip")).isEqualTo(german[15].substring(0, 3));

    List<JsonNode> letters = FilesToIcebergTest.deadLetters(dir.resolve("dlq"));
    Map<String, Long> perRule = letters.stream().collect(Collectors.groupingBy(l -> {
      String error = l.get("error").asText();
      return error.startsWith("rule ") ? error.substring(0, error.indexOf(':')) : l.get("stage").asText();
    }, Collectors.counting()));
    long slow = kept.stream().filter(e -> Double.parseDouble(e[10]) > 1000).count();
    long test = kept.stream().filter(e -> Double.parseDouble(e[10]) <= 1000).filter(e -> e[5].equals("test"))
        .count();
    Map<String, Long> expected = new java.util.HashMap<>(Map.of("decode", 1L, "rule allowed[2]", test));
    if (slow > 0) {
      expected.put("rule range[1]", slow);
    }
    assertThat(perRule).isEqualTo(expected);
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
