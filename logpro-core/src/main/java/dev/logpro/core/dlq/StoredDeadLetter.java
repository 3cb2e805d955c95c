package dev.logpro.core.dlq;

import dev.logpro.api.DeadLetter;
import java.util.Objects;

/**
 * A dead letter as a dead-letter queue keeps it: the dead letter, the pipeline that wrote it and, while a replay has
 * it in hand, that replay's mark.
 *
 * @param letter the dead letter
 * @param pipeline the id of the pipeline that dead-lettered it; {@code null} if the queue does not say
 * @param replay the replay that has it in hand, or {@code null}
 */
public record StoredDeadLetter(DeadLetter letter, String pipeline, ReplayMark replay) {

  public StoredDeadLetter {
    Objects.requireNonNull(letter, "letter");
  }

  /**
   * What makes two dead letters the same record: the pipeline, where the record was read and the stage it failed in.
   * A record read again after a crash fails with the same key.
   */
  public record Key(String pipeline, String source, String position, String stage) {}

  /**
   * A replay's hold on a dead letter (see {@link ReplayLedger}).
   *
   * @param batch the replay batch's id
   * @param ordinal the dead letter's place in the batch; copies of one record share it
   * @param failedAgain whether it failed again in this batch ({@link #letter()} then holds the new error)
   */
  public record ReplayMark(String batch, long ordinal, boolean failedAgain) {
    public ReplayMark {
      Objects.requireNonNull(batch, "batch");
    }
  }

  public Key key() {
    return new Key(pipeline, letter.source(), letter.position(), letter.stage());
  }

  /** This dead letter held by replay batch {@code batch} at {@code ordinal}. */
  StoredDeadLetter markedBy(String batch, long ordinal) {
    return new StoredDeadLetter(letter, pipeline, new ReplayMark(batch, ordinal, false));
  }

  /** This dead letter, failed again in its replay batch with {@code error} in {@code stage}. */
  StoredDeadLetter failedAgain(String error, String stage, long timestampMillis) {
    DeadLetter again = new DeadLetter(letter.raw(), error, stage, letter.source(), letter.position(), timestampMillis,
        letter.headers());
    return new StoredDeadLetter(again, pipeline, new ReplayMark(replay.batch(), replay.ordinal(), true));
  }

  /** This dead letter with no replay holding it. */
  StoredDeadLetter released() {
    return new StoredDeadLetter(letter, pipeline, null);
  }
}
