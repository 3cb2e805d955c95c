package dev.logpro.core.pipeline;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.Poll;
import dev.logpro.api.RawMessage;
import dev.logpro.api.Source;
import dev.logpro.core.dlq.ReplayLedger;
import dev.logpro.core.dlq.StoredDeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands on the dead letters of a replay batch, one record per message, in ordinal order. Each message carries the
 * dead letter's headers (a CSV header) plus its ordinal, and the position "the first n were handed on".
 */
final class ReplaySource implements Source {
  private static final int MAX_MESSAGES = 1024;
  private static final long MAX_BYTES = 4L << 20;

  private final ReplayLedger.Batch batch;
  private int next;

  ReplaySource(ReplayLedger.Batch batch) {
    this.batch = batch;
  }

  @Override
  public void open(ComponentContext context) {}

  @Override
  public Poll poll(Duration timeout) {
    List<StoredDeadLetter> letters = batch.deadLetters();
    if (next >= letters.size()) {
      return Poll.END;
    }
    List<RawMessage> messages = new ArrayList<>();
    long bytes = 0;
    while (next < letters.size() && messages.size() < MAX_MESSAGES && (messages.isEmpty() || bytes < MAX_BYTES)) {
      RawMessage message = message(letters.get(next++));
      bytes += message.length();
      messages.add(message);
    }
    return Poll.records(messages);
  }

  private RawMessage message(StoredDeadLetter stored) {
    DeadLetter letter = stored.letter();
    long ordinal = stored.replay().ordinal();
    Map<String, String> headers = new HashMap<>(letter.headers());
    headers.put(ReplayLedger.ORDINAL_HEADER, Long.toString(ordinal));
    String source = letter.source() == null ? "dead letter " + ordinal : letter.source();
    return new RawMessage(letter.raw(), 0, letter.raw().length, source, offset(letter.position()),
        ReplayLedger.position(batch.id(), ordinal + 1), System.currentTimeMillis(), null, Map.copyOf(headers));
  }

  /** The record's offset in its source when it is a number (a file's byte offset), else 0. */
  private static long offset(String position) {
    try {
      return position == null ? 0 : Long.parseLong(position);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {}
}
