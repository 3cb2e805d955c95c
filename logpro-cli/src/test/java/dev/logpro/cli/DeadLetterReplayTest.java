package dev.logpro.cli;

import static dev.logpro.cli.IcebergDeadLetterTableTest.stdout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.core.dlq.DeadLetterStore;
import dev.logpro.core.dlq.ReplayLedger;
import dev.logpro.core.dlq.StoredDeadLetter;
import dev.logpro.core.pipeline.DeadLetterReplay;
import dev.logpro.core.pipeline.Pipeline;
import dev.logpro.core.pipeline.RunSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dead letters of real runs replayed after their cause was fixed, into a real Iceberg table, from both kinds of
 * dead-letter queue: each record lands once, whatever moment a replay stops at, and leaves the queue.
 */
class DeadLetterReplayTest {
  @TempDir Path dir;

  /** A CSV pipeline into crm.people whose dead letters go to a DLQ of {@code dlqType}. */
  private Path config(String dlqType) throws Exception {
    String dlq = dlqType.equals("file")
        ? "{type: file, path: " + dir.resolve("dlq") + "}"
        : "{type: iceberg, warehouse: " + dir.resolve("wh") + ", namespace: crm}";
    return Files.writeString(dir.resolve("people.yaml"), """
        source: {type: file, file: {path: %s, format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: %s, namespace: crm, table: people}}
        processing: {schema_policy: strict}
        reliability: {dlq: %s}
        """.formatted(dir.resolve("in"), dir.resolve("wh"), dlq));
  }

  private Table people() {
    return Warehouse.table(dir.resolve("wh"), "crm", "people");
  }

  private static List<StoredDeadLetter> deadLetters(Path config) throws Exception {
    List<StoredDeadLetter> all = new ArrayList<>();
    try (DeadLetterStore store = DeadLetterStores.open(null, Pipeline.fromFile(config), null)) {
      store.read(all::add);
    }
    return all;
  }

  private static Map<Long, Record> byId(List<Record> rows) {
    return rows.stream().collect(Collectors.toMap(r -> (Long) r.getField("id"), r -> r));
  }

  /** Runs a.csv (which makes the table: id, name) and then b.csv, whose extra column sends its rows to the DLQ. */
  private Path runIntoAColumnTheTableLacks(String dlqType) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path config = config(dlqType);
    Files.writeString(in.resolve("a.csv"), "id,name\n1,ann\n2,bob\n");
    assertThat(Pipeline.fromFile(config).run().rowsWritten()).isEqualTo(2);
    Files.writeString(in.resolve("b.csv"), "id,name,email\n3,carl,c@x.org\n4,dana,d@x.org\n5,eve,e@x.org\n");
    RunSummary second = Pipeline.fromFile(config).run();
    assertThat(second.deadLetters()).isEqualTo(3);
    assertThat(second.arrowBytesOutstanding()).isZero();
    return config;
  }

  private void addTheColumn() {
    people().updateSchema().addColumn("email", Types.StringType.get()).commit();
  }

  private void assertEveryRowOnceWithItsEmail() {
    Map<Long, Record> rows = byId(Warehouse.rows(people()));
    assertThat(rows).containsOnlyKeys(1L, 2L, 3L, 4L, 5L);
    assertThat(Warehouse.rows(people())).hasSize(5);
    assertThat(rows.get(3L).getField("email")).isEqualTo("c@x.org");
    assertThat(rows.get(5L).getField("name")).isEqualTo("eve");
    assertThat(rows.get(1L).getField("email")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "iceberg"})
  void afterTheColumnIsAddedTheRowsLandOnceAndLeaveTheQueueAndASecondReplayAddsNothing(String dlqType)
      throws Exception {
    Path config = runIntoAColumnTheTableLacks(dlqType);
    assertThat(stdout(() -> Main.execute("dlq", "inspect", "--config", config.toString())))
        .contains("3 dead letters in ", "3  decode    column email is not in the table's schema");
    addTheColumn();

    String replayed = stdout(() -> Main.execute("dlq", "replay", "--config", config.toString()));

    assertThat(replayed).contains("replayed    3 dead letters", "landed      3 (3 rows written)",
        "failed again 0", "under people.replay");
    assertEveryRowOnceWithItsEmail();
    assertThat(deadLetters(config)).isEmpty();
    assertThat(stdout(() -> Main.execute("dlq", "inspect", "--config", config.toString()))).startsWith("0 dead letters");
    int snapshots = Warehouse.snapshotCount(people());

    assertThat(stdout(() -> Main.execute("dlq", "replay", "--config", config.toString())))
        .contains("nothing to replay");

    assertEveryRowOnceWithItsEmail();
    assertThat(Warehouse.snapshotCount(people())).isEqualTo(snapshots);
  }

  @Test
  void aRecordThatStillFailsStaysOnceWithTheNewErrorAndTheOthersLand() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path config = config("iceberg");
    Catalog catalog = Warehouse.catalog(Files.createDirectories(dir.resolve("wh")));
    ((SupportsNamespaces) catalog).createNamespace(Namespace.of("crm"));
    catalog.createTable(TableIdentifier.of("crm", "people"), new Schema(
        Types.NestedField.optional(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "score", Types.IntegerType.get())));
    Files.writeString(in.resolve("a.csv"), "id,score\n1,10\n2,3000000000\n3,abc\n4,20\n");
    RunSummary run = Pipeline.fromFile(config).run();
    assertThat(run.rowsWritten()).isEqualTo(2);
    assertThat(deadLetters(config)).extracting(l -> l.letter().error())
        .allSatisfy(error -> assertThat(error).startsWith("column score: "));
    people().updateSchema().updateColumn("score", Types.LongType.get()).commit();

    DeadLetterReplay.Result result;
    try (DeadLetterStore store = DeadLetterStores.open(null, Pipeline.fromFile(config), null)) {
      result = new DeadLetterReplay(Pipeline.fromFile(config).config(), store).run();
    }

    assertThat(result.outcome()).isEqualTo(new ReplayLedger.Outcome(1, 1, 0));
    assertThat(result.run().arrowBytesOutstanding()).isZero();
    Map<Long, Record> rows = byId(Warehouse.rows(people()));
    assertThat(rows).containsOnlyKeys(1L, 2L, 4L);
    assertThat(rows.get(2L).getField("score")).isEqualTo(3_000_000_000L);
    assertThat(deadLetters(config)).singleElement().satisfies(l -> {
      assertThat(l.letter().raw()).asString(StandardCharsets.UTF_8).isEqualTo("3,abc");
      assertThat(l.letter().error()).isEqualTo("column score: cannot parse \"abc\" as int64");
      assertThat(l.replay()).isNull();
    });
    assertThat(stdout(() -> Main.execute("dlq", "replay", "--config", config.toString())))
        .contains("landed      0", "failed again 1");
    assertThat(Warehouse.rows(people())).hasSize(3);
    assertThat(deadLetters(config)).hasSize(1);
  }

  @Test
  void ndjsonLinesWithAFieldTheTableLackedLandAfterItIsAddedAndMalformedOnesStay() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path config = Files.writeString(dir.resolve("events.yaml"), """
        source: {type: file, file: {path: "%s/*.ndjson", format: ndjson}}
        sink: {type: iceberg, iceberg: {warehouse: %s, namespace: crm, table: events}}
        processing: {schema_policy: strict}
        reliability: {dlq: {type: file, path: %s}}
        """.formatted(in, dir.resolve("wh"), dir.resolve("dlq")));
    Files.writeString(in.resolve("a.ndjson"), "{\"id\": 1, \"kind\": \"a\"}\n");
    Pipeline.fromFile(config).run();
    Files.writeString(in.resolve("b.ndjson"), "{\"id\": 2, \"kind\": \"b\", \"geo\": {\"zip\": \"01234\"}}\n"
        + "{\"id\": 3, \"kind\": \n");
    assertThat(Pipeline.fromFile(config).run().deadLetters()).isEqualTo(2);
    Table events = Warehouse.table(dir.resolve("wh"), "crm", "events");
    events.updateSchema().addColumn("geo", Types.StructType.of(
        Types.NestedField.optional(100, "zip", Types.StringType.get()))).commit();

    String replayed = stdout(() -> Main.execute("dlq", "replay", "--config", config.toString()));

    assertThat(replayed).contains("landed      1 (1 rows written)", "failed again 1");
    Map<Long, Record> rows = byId(Warehouse.rows(events));
    assertThat(rows).containsOnlyKeys(1L, 2L);
    assertThat(((Record) rows.get(2L).getField("geo")).getField("zip")).isEqualTo("01234");
    assertThat(deadLetters(config)).singleElement().satisfies(l -> assertThat(l.letter().raw())
        .asString(StandardCharsets.UTF_8).isEqualTo("{\"id\": 3, \"kind\": "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "iceberg"})
  void aReplayThatStoppedAfterItsCommitIsFinishedByTheNextWithoutLandingAnythingTwice(String dlqType)
      throws Exception {
    Path config = runIntoAColumnTheTableLacks(dlqType);
    addTheColumn();
    try (DeadLetterStore store = DeadLetterStores.open(null, Pipeline.fromFile(config), null)) {
      DeadLetterReplay stopped = new DeadLetterReplay(Pipeline.fromFile(config).config(), store);
      stopped.ingest(stopped.prepare());
    }
    assertEveryRowOnceWithItsEmail();
    assertThat(deadLetters(config)).hasSize(3).allMatch(l -> l.replay() != null);
    assertThat(stdout(() -> Main.execute("dlq", "inspect", "--config", config.toString())))
        .contains("3 held by a replay that has not finished");

    String next = stdout(() -> Main.execute("dlq", "replay", "--config", config.toString()));

    assertThat(next).contains("finished a replay that had stopped: 3 landed, 0 failed again, 0 released",
        "nothing to replay");
    assertEveryRowOnceWithItsEmail();
    assertThat(deadLetters(config)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "iceberg"})
  void aReplayThatStoppedBeforeItsCommitIsReplayedWholeByTheNext(String dlqType) throws Exception {
    Path config = runIntoAColumnTheTableLacks(dlqType);
    addTheColumn();
    try (DeadLetterStore store = DeadLetterStores.open(null, Pipeline.fromFile(config), null)) {
      new DeadLetterReplay(Pipeline.fromFile(config).config(), store).prepare();
    }
    assertThat(Warehouse.rows(people())).hasSize(2);

    String next = stdout(() -> Main.execute("dlq", "replay", "--config", config.toString()));

    assertThat(next).contains("finished a replay that had stopped: 0 landed, 0 failed again, 3 released",
        "landed      3");
    assertEveryRowOnceWithItsEmail();
    assertThat(deadLetters(config)).isEmpty();
  }
}
