package dev.logpro.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.logpro.api.Acknowledging;
import dev.logpro.api.Batch;
import dev.logpro.api.ComponentContext;
import dev.logpro.api.Poll;
import dev.logpro.api.Position;
import dev.logpro.api.RawMessage;
import dev.logpro.api.Seekable;
import dev.logpro.api.Source;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source conformance suite: what the engine relies on from any source, built in or a plugin. A test class extends
 * it, says how to make the source under test over a fixed input ({@link #newSource}), and inherits the tests:
 *
 * <ul>
 *   <li>a poll never answers {@code null}, and a bounded source ends with {@link Poll#END}, which it keeps answering;
 *   <li>{@link Seekable}: resumed from the positions of any prefix of what it handed on, it hands on exactly the rest,
 *       split by split, nothing twice and nothing lost;
 *   <li>{@link Acknowledging}: acknowledging what was handed on, between polls, changes nothing that follows;
 *   <li>{@code close} may be called twice, and without {@code open};
 *   <li>every Arrow buffer it allocated is freed once its batches and the source are closed.
 * </ul>
 *
 * <p>Records are compared as strings: a message's lines (override {@link #records(RawMessage)} for other framings),
 * an Arrow batch's rows. Sources of unbounded streams override {@link #bounded()} and stop reading once
 * {@link #expectedRecords()} records have come.
 */
public abstract class SourceConformance {

  private static final Duration TIMEOUT = Duration.ofMillis(200);
  private static final int MAX_POLLS = 1_000_000;

  private BufferAllocator allocator;

  /** A new source over the same input each time; {@code context} is what it will be opened with. */
  protected abstract Source newSource(ComponentContext context) throws Exception;

  /** How many records the input holds, to check the full read against. */
  protected abstract int expectedRecords();

  /** Whether the source ends by itself ({@link Poll#END}); a stream does not. */
  protected boolean bounded() {
    return true;
  }

  /** Rows per batch for a source that decodes into Arrow; small values make a file take many polls. */
  protected int batchRows() {
    return 8192;
  }

  /** The context the source is opened with; override to pass format options. */
  protected ComponentContext context(BufferAllocator allocator) {
    int rows = batchRows();
    return new ComponentContext() {
      @Override
      public String pipelineId() {
        return "conformance";
      }

      @Override
      public BufferAllocator allocator() {
        return allocator;
      }

      @Override
      public int batchRows() {
        return rows;
      }
    };
  }

  /** The records one message carries: its non-empty lines. */
  protected List<String> records(RawMessage message) {
    String text = new String(message.data(), message.offset(), message.length(), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.isBlank()) {
        lines.add(line.strip());
      }
    }
    return lines;
  }

  @BeforeEach
  void openAllocator() {
    allocator = new RootAllocator(Long.MAX_VALUE);
  }

  @AfterEach
  void closeAllocator() {
    long outstanding = allocator.getAllocatedMemory();
    allocator.close();
    assertEquals(0, outstanding, "Arrow bytes the source left allocated");
  }

  @Test
  void aFullReadHandsOnEveryRecordAndEndsWithEndAgainAndAgain() throws Exception {
    Read read = readAll(Map.of(), Integer.MAX_VALUE);
    assertEquals(expectedRecords(), read.count(), "records handed on");
  }

  @Test
  void resumingFromThePositionsOfAnyPrefixHandsOnExactlyTheRest() throws Exception {
    Read full = readAll(Map.of(), Integer.MAX_VALUE);
    Source probe = newSource(context(allocator));
    boolean seekable = probe instanceof Seekable;
    probe.close();
    if (!seekable) {
      return; // nothing to resume: the suite's other tests still apply
    }
    int polls = full.polls().size();
    for (int cut : cuts(polls)) {
      Read first = readAll(Map.of(), cut);
      Read rest = readAll(first.positions(), Integer.MAX_VALUE);
      Map<String, List<String>> joined = new LinkedHashMap<>();
      first.bySplit().forEach((split, records) -> joined.computeIfAbsent(split, s -> new ArrayList<>()).addAll(records));
      rest.bySplit().forEach((split, records) -> joined.computeIfAbsent(split, s -> new ArrayList<>()).addAll(records));
      assertSameRecords(full.bySplit(), joined, "read to poll " + cut + " and resumed from there");
    }
  }

  @Test
  void acknowledgingBetweenPollsChangesNothingThatFollows() throws Exception {
    Source probe = newSource(context(allocator));
    boolean acknowledging = probe instanceof Acknowledging;
    probe.close();
    if (!acknowledging) {
      return;
    }
    Read plain = readAll(Map.of(), Integer.MAX_VALUE);
    Read acknowledged = readAll(Map.of(), Integer.MAX_VALUE, true);
    assertSameRecords(plain.bySplit(), acknowledged.bySplit(), "acknowledged between polls");
  }

  @Test
  void closeMayBeCalledTwiceAndWithoutOpen() throws Exception {
    Source unopened = newSource(context(allocator));
    unopened.close();
    unopened.close();
    Source opened = newSource(context(allocator));
    opened.open(context(allocator));
    Poll poll = opened.poll(TIMEOUT);
    release(poll);
    opened.close();
    opened.close();
  }

  /** Fails on the first split whose records differ, naming it and the first record that differs, not all of them. */
  private static void assertSameRecords(Map<String, List<String>> expected, Map<String, List<String>> actual,
      String how) {
    assertEquals(expected.keySet(), actual.keySet(), "splits " + how);
    expected.forEach((split, records) -> {
      List<String> got = actual.get(split);
      for (int i = 0; i < Math.min(records.size(), got.size()); i++) {
        assertEquals(records.get(i), got.get(i), "record " + i + " of " + split + ", " + how);
      }
      assertEquals(records.size(), got.size(), "records of " + split + ", " + how);
    });
  }

  /** Poll counts to cut a read at: the first, a few in between, the last. */
  private static List<Integer> cuts(int polls) {
    List<Integer> cuts = new ArrayList<>();
    for (int cut : new int[] {1, polls / 3, polls / 2, polls - 1}) {
      if (cut >= 1 && cut < polls && !cuts.contains(cut)) {
        cuts.add(cut);
      }
    }
    return cuts;
  }

  private Read readAll(Map<String, Position> from, int maxPolls) throws Exception {
    return readAll(from, maxPolls, false);
  }

  /**
   * Reads through a new source resumed from {@code from}, for at most {@code maxPolls} polls that hand something on
   * (to the end when unlimited), acknowledging the positions so far after each one if asked to.
   */
  private Read readAll(Map<String, Position> from, int maxPolls, boolean acknowledge) throws Exception {
    Read read = new Read();
    ComponentContext context = context(allocator);
    Source source = newSource(context);
    try {
      if (source instanceof Seekable seekable) {
        seekable.seek(from);
      }
      source.open(context);
      for (int i = 0; i < MAX_POLLS && read.polls().size() < maxPolls; i++) {
        if (!bounded() && read.count() >= expectedRecords()) {
          return read;
        }
        Poll poll = source.poll(TIMEOUT);
        assertNotNull(poll, "a poll answered null; answer Poll.IDLE or Poll.END");
        if (poll instanceof Poll.End) {
          assertTrue(bounded(), "a stream answered END");
          for (int again = 0; again < 3; again++) {
            Poll after = source.poll(TIMEOUT);
            assertInstanceOf(Poll.End.class, after, "a poll after END");
          }
          return read;
        }
        if (poll instanceof Poll.Idle) {
          continue;
        }
        read.add(poll);
        if (acknowledge && source instanceof Acknowledging acknowledging) {
          acknowledging.acknowledge(Map.copyOf(read.positions()));
        }
      }
      if (maxPolls == Integer.MAX_VALUE && bounded()) {
        fail("the source did not end within " + MAX_POLLS + " polls");
      }
      return read;
    } finally {
      source.close();
    }
  }

  /** What a read handed on: each poll's records by split, and the newest position of each split. */
  private final class Read {
    private final List<Poll> polls = new ArrayList<>();
    private final Map<String, List<String>> bySplit = new LinkedHashMap<>();
    private final Map<String, Position> positions = new HashMap<>();
    private int count;

    void add(Poll poll) {
      polls.add(poll);
      if (poll instanceof Poll.Records records) {
        for (RawMessage message : records.messages()) {
          String split = message.position() == null ? message.source() : message.position().split();
          List<String> lines = records(message);
          bySplit.computeIfAbsent(split, s -> new ArrayList<>()).addAll(lines);
          count += lines.size();
          if (message.position() != null) {
            positions.put(split, message.position());
          }
        }
      } else if (poll instanceof Poll.Rows rows) {
        Batch batch = rows.batch();
        try {
          List<String> lines = rows(batch.root());
          String split = batch.positions().isEmpty() ? "" : batch.positions().keySet().iterator().next();
          if (!lines.isEmpty()) {
            bySplit.computeIfAbsent(split, s -> new ArrayList<>()).addAll(lines);
          }
          count += lines.size();
          positions.putAll(batch.positions());
          assertFalse(batch.positions().size() > 1 && !lines.isEmpty(),
              "a batch of rows covers one split, so its rows can be told apart on resuming");
        } finally {
          batch.close();
        }
      }
    }

    List<Poll> polls() {
      return polls;
    }

    Map<String, List<String>> bySplit() {
      return bySplit;
    }

    Map<String, Position> positions() {
      return positions;
    }

    int count() {
      return count;
    }
  }

  private static List<String> rows(VectorSchemaRoot root) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < root.getRowCount(); i++) {
      StringBuilder row = new StringBuilder();
      for (var vector : root.getFieldVectors()) {
        Object value = vector.getObject(i);
        row.append(value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : value).append('\t');
      }
      rows.add(row.toString());
    }
    return rows;
  }

  private static void release(Poll poll) {
    if (poll instanceof Poll.Rows rows) {
      rows.batch().close();
    }
  }
}
