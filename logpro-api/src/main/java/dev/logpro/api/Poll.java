package dev.logpro.api;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link Source#poll} found: messages for the decoder, rows the source decoded itself, nothing for now, or
 * the end of a bounded source. A stream never ends: it answers {@link Idle} while nothing arrives.
 */
public sealed interface Poll permits Poll.Records, Poll.Rows, Poll.Idle, Poll.End {

  /** Nothing within the poll's timeout; the engine polls again (and delivers acknowledgements in between). */
  Poll IDLE = new Idle();
  /** A bounded source has handed on everything it will read; the engine commits and the run ends. */
  Poll END = new End();

  /** Messages for the pipeline's decoder, in source order; never empty (answer {@link #IDLE} instead). */
  static Poll records(List<RawMessage> messages) {
    return new Records(messages);
  }

  /**
   * Rows an {@link ArrowSource} decoded itself, allocated from the allocator of the context it was opened with, and
   * the records it could not read since its last poll, for the dead-letter queue. The engine owns and closes the
   * batch.
   */
  static Poll rows(Batch batch, List<DeadLetter> deadLetters) {
    return new Rows(batch, deadLetters);
  }

  /** @param messages the messages, in source order */
  record Records(List<RawMessage> messages) implements Poll {
    public Records {
      messages = List.copyOf(messages);
      if (messages.isEmpty()) {
        throw new IllegalArgumentException("Cannot hand on no messages: answer Poll.IDLE");
      }
    }
  }

  /**
   * @param batch the rows and the positions they complete; may have no rows when only dead letters or positions moved
   * @param deadLetters what could not be read since the last poll
   */
  record Rows(Batch batch, List<DeadLetter> deadLetters) implements Poll {
    public Rows {
      Objects.requireNonNull(batch, "batch");
      deadLetters = List.copyOf(deadLetters);
    }
  }

  /** See {@link #IDLE}. */
  record Idle() implements Poll {}

  /** See {@link #END}. */
  record End() implements Poll {}
}
