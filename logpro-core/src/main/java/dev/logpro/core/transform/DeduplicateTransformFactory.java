package dev.logpro.core.transform;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Transform;
import dev.logpro.api.TransformFactory;
import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.api.config.Optional;
import dev.logpro.core.arrow.Batches;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The {@code deduplicate} transform: drops rows whose key was seen before, within a batch and across a window. */
public final class DeduplicateTransformFactory implements TransformFactory<DeduplicateTransformFactory.Config> {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  /** The {@code deduplicate} transform's configuration. */
  @Doc("Drops a row when a row with the same key was kept before it: earlier in its batch, or in an earlier batch"
      + " within the window. Batches are deduplicated in source order. The remembered keys are bounded: at most"
      + " max_keys (the oldest forgotten first, about 40 bytes of heap each), and none older than the window. Keys"
      + " are compared by a 128-bit hash of their values; nulls are values (two null keys are equal). The keys live"
      + " in memory: a new run starts with none.")
  public record Config(
      @Doc("The columns whose values together make a row's key.") @Example("[id]") List<String> key,
      @Doc("How long a kept key is remembered: a duration (500ms, 30s, 10m, 2h, 1d, processing time since the key"
          + " was first kept) or a number of rows (the keys of that many rows before). Absent: until max_keys"
          + " pushes it out.") @Optional @Example("10m") String window,
      @Doc("The most keys remembered at once; the oldest is forgotten to make room.") @Default("1000000")
          @Example("100000") int max_keys) {
    /** A typical use, shown in the reference docs (a test parses it). */
    public static final String EXAMPLE = """
        - type: deduplicate
          key: [event_id]
          window: 10m
          max_keys: 1000000
        """;
    public Config {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("key: required (at least one column)");
      }
      if (new HashSet<>(key).size() != key.size()) {
        throw new IllegalArgumentException("key: a column is listed twice");
      }
      key = List.copyOf(key);
      if (window != null) {
        Window.parse(window);
      }
      if (max_keys < 1) {
        throw new IllegalArgumentException("max_keys: must be at least 1");
      }
    }
  }

  /** How long keys are remembered: for {@code nanos} of processing time, or for {@code rows} rows. */
  record Window(long nanos, long rows) {
    static final Window UNBOUNDED = new Window(0, 0);

    static Window parse(String text) {
      String value = text.strip().toLowerCase(Locale.ROOT);
      if (value.matches("\\d+")) {
        long rows = Long.parseLong(value);
        if (rows < 1) {
          throw new IllegalArgumentException("window: a row count must be at least 1");
        }
        return new Window(0, rows);
      }
      Matcher m = DURATION.matcher(value);
      if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
        throw new IllegalArgumentException("window: expected a duration such as 500ms, 30s, 10m, 2h or 1d, or a"
            + " number of rows, got '" + text + "'");
      }
      long amount = Long.parseLong(m.group(1));
      Duration duration = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
      return new Window(duration.toNanos(), 0);
    }
  }

  /** For {@link java.util.ServiceLoader}. */
  public DeduplicateTransformFactory() {}

  @Override
  public String type() {
    return "deduplicate";
  }

  @Override
  public String description() {
    return "Drops rows whose key was already seen, within a batch and across a time or row window.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Transform create(Config config, ComponentContext context) {
    return new Deduplicate(config, context.allocator(), System::nanoTime);
  }

  /** Keeps the first row of each key; runs in source order, one batch at a time ({@link InOrder}). */
  static final class Deduplicate implements Transform, KeepsColumns, InOrder {
    private final Config config;
    private final Window window;
    private final BufferAllocator allocator;
    private final LongSupplier clock;
    private final SeenKeys seen;
    private long rowsSeen;

    Deduplicate(Config config, BufferAllocator allocator, LongSupplier clock) {
      this.config = config;
      this.window = config.window() == null ? Window.UNBOUNDED : Window.parse(config.window());
      this.allocator = allocator;
      this.clock = clock;
      this.seen = new SeenKeys(config.max_keys());
    }

    @Override
    public synchronized Result apply(VectorSchemaRoot input) {
      FieldVector[] keyColumns = new FieldVector[config.key().size()];
      for (int i = 0; i < keyColumns.length; i++) {
        int index = CastTransformFactory.indexOf(input.getSchema(), config.key().get(i));
        if (index < 0) {
          throw new IllegalArgumentException("key: no column " + config.key().get(i) + " in the batch");
        }
        keyColumns[i] = input.getVector(index);
      }
      int rows = input.getRowCount();
      long now = clock.getAsLong();
      if (window.nanos() > 0) {
        seen.forgetUpTo(now - window.nanos());
      }
      RowKeys keys = new RowKeys(keyColumns);
      long[] hash = new long[2];
      int[] kept = new int[rows];
      int count = 0;
      for (int row = 0; row < rows; row++) {
        long rowNumber = rowsSeen++;
        if (window.rows() > 0) {
          seen.forgetUpTo(rowNumber - window.rows() - 1);
        }
        int length = keys.framed(row);
        Hashes.murmur3x64_128(keys.buffer(), 0, length, hash);
        if (seen.add(hash[0], hash[1], window.rows() > 0 ? rowNumber : now)) {
          kept[count++] = row;
        }
      }
      if (rows == 0) {
        return new Result(Batches.shareAll(input, allocator), List.of());
      }
      return new Result(Batches.select(input, kept, count, allocator), List.of());
    }

    /** Keys remembered now, for tests. */
    synchronized int remembered() {
      return seen.size();
    }
  }
}
