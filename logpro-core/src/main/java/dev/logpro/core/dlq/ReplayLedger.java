package dev.logpro.core.dlq;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Position;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The bookkeeping that lets a replay of dead letters land each record exactly once, whatever moment it stops at. A
 * replay takes the dead letters of one pipeline in a <em>batch</em>:
 *
 * <ol>
 *   <li>{@link #start}: each dead letter is marked with the batch's id and an ordinal (copies of one record share
 *       it), durably, in the store itself.
 *   <li>The marked dead letters go through the pipeline in ordinal order; the sink commits the replay's position
 *       {@code <batch>:<n>} ({@link #position}) with the rows, atomically, meaning "the first n were handed on".
 *       Before each such commit, {@link #failedAgain} durably records which of them failed again and why.
 *   <li>{@link #finish}: with the committed position, a dead letter below it that did not fail again has landed and
 *       is removed; every other one is released (failed again: with the new error).
 * </ol>
 *
 * A stop before the commit leaves marks that {@link #finish} with nothing committed releases; a stop after it
 * leaves marks that {@link #finish} with the committed position resolves. Either way the next replay finishes
 * the batch first ({@link #unfinished}), so no row lands twice and no dead letter is lost. Each step is idempotent,
 * so a store that changes one file at a time may be stopped midway through a step too.
 */
public final class ReplayLedger {
  /** The split under which a replay's position is committed. */
  public static final String SPLIT = "dead-letters";
  /** Header a replayed message carries, so a dead letter it becomes again can be matched to its ordinal. */
  public static final String ORDINAL_HEADER = "logpro.replay.ordinal";

  private final DeadLetterStore store;
  private final String pipeline;

  /** Replays of {@code pipeline}'s dead letters in {@code store}. */
  public ReplayLedger(DeadLetterStore store, String pipeline) {
    this.store = store;
    this.pipeline = pipeline;
  }

  /** A replay batch: its id and one dead letter per ordinal, in ordinal order. */
  public record Batch(String id, List<StoredDeadLetter> deadLetters) {
    public boolean isEmpty() {
      return deadLetters.isEmpty();
    }
  }

  /**
   * What finishing a batch did, counting records (copies of one record count once).
   *
   * @param landed removed from the store: their rows were committed
   * @param failedAgain kept, with the error of the replay
   * @param released kept: not handed on before the replay stopped
   */
  public record Outcome(long landed, long failedAgain, long released) {}

  /** Ids of batches that a replay marked and did not finish because it stopped, sorted. */
  public Set<String> unfinished() throws Exception {
    Set<String> batches = new TreeSet<>();
    store.read(letter -> {
      if (letter.replay() != null && Objects.equals(letter.pipeline(), pipeline)) {
        batches.add(letter.replay().batch());
      }
    });
    return batches;
  }

  /** Marks every dead letter of the pipeline that {@code replayable} accepts, and returns the new batch. */
  public Batch start(Predicate<StoredDeadLetter> replayable) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 13);
    Map<StoredDeadLetter.Key, Long> ordinals = new HashMap<>();
    store.update(pipeline, letter -> letter.replay() == null && replayable.test(letter)
        ? letter.markedBy(id, ordinals.computeIfAbsent(letter.key(), key -> (long) ordinals.size()))
        : letter);
    Map<Long, StoredDeadLetter> byOrdinal = new HashMap<>();
    store.read(letter -> {
      if (inBatch(letter, id)) {
        byOrdinal.putIfAbsent(letter.replay().ordinal(), letter);
      }
    });
    List<StoredDeadLetter> letters = new ArrayList<>(byOrdinal.values());
    letters.sort(Comparator.comparingLong(l -> l.replay().ordinal()));
    return new Batch(id, List.copyOf(letters));
  }

  /** Records that the dead letters of {@code batch} at these ordinals failed again, as the given dead letters say. */
  public void failedAgain(String batch, Map<Long, DeadLetter> failures) throws Exception {
    if (failures.isEmpty()) {
      return;
    }
    store.update(pipeline, letter -> {
      if (!inBatch(letter, batch)) {
        return letter;
      }
      DeadLetter failure = failures.get(letter.replay().ordinal());
      return failure == null ? letter : letter.failedAgain(failure.error(), failure.stage(), failure.timestampMillis());
    });
  }

  /** Ends {@code batch}, of which the first {@code handedOn} dead letters were committed (see the class comment). */
  public Outcome finish(String batch, long handedOn) throws Exception {
    Set<Long> landed = new HashSet<>();
    Set<Long> failed = new HashSet<>();
    Set<Long> released = new HashSet<>();
    store.update(pipeline, letter -> {
      if (!inBatch(letter, batch)) {
        return letter;
      }
      long ordinal = letter.replay().ordinal();
      if (ordinal < handedOn && !letter.replay().failedAgain()) {
        landed.add(ordinal);
        return null;
      }
      (ordinal < handedOn ? failed : released).add(ordinal);
      return letter.released();
    });
    return new Outcome(landed.size(), failed.size(), released.size());
  }

  /** The position a replay commits once the first {@code handedOn} dead letters of {@code batch} are handed on. */
  public static Position position(String batch, long handedOn) {
    return new Position(SPLIT, batch + ":" + handedOn);
  }

  /** How many dead letters of {@code batch} the committed positions say were handed on: 0 for another batch's. */
  public static long handedOn(String batch, Map<String, Position> committed) {
    Position position = committed.get(SPLIT);
    String prefix = batch + ":";
    if (position == null || !position.token().startsWith(prefix)) {
      return 0;
    }
    try {
      return Long.parseLong(position.token().substring(prefix.length()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean inBatch(StoredDeadLetter letter, String batch) {
    return letter.replay() != null && letter.replay().batch().equals(batch);
  }
}
