package dev.logpro.core.dlq;

import static dev.logpro.core.dlq.FileDeadLetterStoreTest.letter;
import static dev.logpro.core.dlq.FileDeadLetterStoreTest.readAll;
import static dev.logpro.core.dlq.FileDeadLetterStoreTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Position;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay bookkeeping on a real file dead-letter queue: each step durable, repeatable, and exact. */
class ReplayLedgerTest {
  @TempDir Path dir;

  private static String raw(StoredDeadLetter letter) {
    return new String(letter.letter().raw(), StandardCharsets.UTF_8);
  }

  @Test
  void aBatchTakesThePipelinesDeadLettersOnceEachInOrder() throws Exception {
    write(dir, "p1", List.of(letter("a", "f", 1), letter("b", "f", 2)));
    write(dir, "p1", List.of(letter("a", "f", 1)));
    write(dir, "p2", List.of(letter("z", "f", 9)));
    ReplayLedger ledger = new ReplayLedger(FileDeadLetterQueueFactory.store(dir), "p1");

    ReplayLedger.Batch batch = ledger.start(l -> true);

    assertThat(batch.deadLetters()).extracting(ReplayLedgerTest::raw).containsExactly("a", "b");
    assertThat(batch.deadLetters()).extracting(l -> l.replay().ordinal()).containsExactly(0L, 1L);
    assertThat(ledger.unfinished()).containsExactly(batch.id());
    assertThat(readAll(FileDeadLetterQueueFactory.store(dir)))
        .filteredOn(l -> raw(l).equals("a")).hasSize(2).allMatch(l -> l.replay().ordinal() == 0);
    assertThat(new ReplayLedger(FileDeadLetterQueueFactory.store(dir), "p2").unfinished()).isEmpty();
    assertThat(ledger.start(l -> true).isEmpty()).as("marked dead letters are in no second batch").isTrue();
  }

  @Test
  void finishingRemovesWhatLandedAndKeepsWhatFailedAgainWithItsNewError() throws Exception {
    write(dir, "p1", List.of(letter("a", "f", 1), letter("b", "f", 2), letter("c", "f", 3), letter("a", "f", 1)));
    DeadLetterStore store = FileDeadLetterQueueFactory.store(dir);
    ReplayLedger ledger = new ReplayLedger(store, "p1");
    ReplayLedger.Batch batch = ledger.start(l -> true);
    ledger.failedAgain(batch.id(), Map.of(1L, new DeadLetter(new byte[0], "still bad", "decode", "x", "0", 7L)));

    ReplayLedger.Outcome outcome = ledger.finish(batch.id(), 2);

    assertThat(outcome).isEqualTo(new ReplayLedger.Outcome(1, 1, 1));
    List<StoredDeadLetter> left = readAll(store);
    assertThat(left).extracting(ReplayLedgerTest::raw).containsExactly("b", "c");
    assertThat(left).allMatch(l -> l.replay() == null);
    assertThat(left.get(0).letter().error()).isEqualTo("still bad");
    assertThat(left.get(0).letter().source()).as("the record keeps where it came from").isEqualTo("f");
    assertThat(left.get(0).letter().position()).isEqualTo("2");
    assertThat(left.get(1).letter().error()).isEqualTo("bad c");
    assertThat(ledger.unfinished()).isEmpty();
    assertThat(ledger.finish(batch.id(), 2)).as("finishing again changes nothing")
        .isEqualTo(new ReplayLedger.Outcome(0, 0, 0));
    assertThat(readAll(store)).hasSize(2);
  }

  @Test
  void aBatchWithNothingCommittedIsReleasedWhole() throws Exception {
    write(dir, "p1", List.of(letter("a", "f", 1), letter("b", "f", 2)));
    DeadLetterStore store = FileDeadLetterQueueFactory.store(dir);
    ReplayLedger ledger = new ReplayLedger(store, "p1");
    ReplayLedger.Batch batch = ledger.start(l -> true);

    assertThat(ledger.finish(batch.id(), 0)).isEqualTo(new ReplayLedger.Outcome(0, 0, 2));
    assertThat(readAll(store)).hasSize(2).allMatch(l -> l.replay() == null);
  }

  @Test
  void theCommittedPositionSaysHowManyOfItsOwnBatchWereHandedOn() {
    Map<String, Position> committed = Map.of(ReplayLedger.SPLIT, ReplayLedger.position("b1", 42));
    assertThat(ReplayLedger.handedOn("b1", committed)).isEqualTo(42);
    assertThat(ReplayLedger.handedOn("b2", committed)).isZero();
    assertThat(ReplayLedger.handedOn("b1", Map.of())).isZero();
  }
}
