package dev.logpro.core.pipeline;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.DeadLetterQueue;
import dev.logpro.core.dlq.ReplayLedger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter queue of a replay run: a record that fails again is not added anew but recorded on the dead
 * letter it came from, durably, when the engine flushes before a commit ({@link ReplayLedger#failedAgain}).
 */
final class ReplayFailures implements DeadLetterQueue {
  private final ReplayLedger ledger;
  private final String batch;
  private final Map<Long, DeadLetter> pending = new HashMap<>();

  ReplayFailures(ReplayLedger ledger, String batch) {
    this.ledger = ledger;
    this.batch = batch;
  }

  @Override
  public void open(ComponentContext context) {}

  @Override
  public void add(List<DeadLetter> deadLetters) {
    for (DeadLetter letter : deadLetters) {
      String ordinal = letter.headers().get(ReplayLedger.ORDINAL_HEADER);
      if (ordinal == null) {
        throw new IllegalStateException("Cannot replay: a record that failed again in stage " + letter.stage()
            + " does not say which dead letter it came from (" + letter.error() + ")");
      }
      pending.put(Long.parseLong(ordinal), letter);
    }
  }

  @Override
  public void flush() throws Exception {
    ledger.failedAgain(batch, pending);
    pending.clear();
  }

  /** Failures not flushed belong to records whose replay was not committed: they are simply released later. */
  @Override
  public void close() {
    pending.clear();
  }
}
