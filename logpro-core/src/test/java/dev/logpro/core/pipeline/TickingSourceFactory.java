package dev.logpro.core.pipeline;

import dev.logpro.api.Acknowledging;
import dev.logpro.api.ComponentContext;
import dev.logpro.api.Poll;
import dev.logpro.api.Position;
import dev.logpro.api.RawMessage;
import dev.logpro.api.Source;
import dev.logpro.api.SourceFactory;
import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.HasFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A stream-like test source (a test plugin, not a stand-in for a service): it answers {@link Poll#IDLE} between its
 * NDJSON messages, one split {@code ticks} whose position is the count handed on, and records on which thread each
 * call came and what each acknowledgement said.
 */
public final class TickingSourceFactory implements SourceFactory<TickingSourceFactory.Config> {
  static final List<String> CALLS = Collections.synchronizedList(new ArrayList<>());
  static final List<Map<String, Position>> ACKS = Collections.synchronizedList(new ArrayList<>());
  /** How many commits the sink had made when each acknowledgement arrived. */
  static final List<Integer> COMMITS_AT_ACK = Collections.synchronizedList(new ArrayList<>());

  @Doc("Test source.")
  public record Config(
      @Doc("Messages to hand on.") @Default("10") int messages,
      @Doc("Polls that answer idle before each message.") @Default("2") int idle_polls,
      @Doc("End after the messages; false keeps answering idle.") @Default("true") boolean bounded)
      implements HasFormat {
    @Override
    public String format() {
      return "ndjson";
    }
  }

  @Override
  public String type() {
    return "ticking";
  }

  @Override
  public String description() {
    return "Test source that ticks.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Source create(Config config, ComponentContext context) {
    return new Ticking(config);
  }

  static void reset() {
    CALLS.clear();
    ACKS.clear();
    COMMITS_AT_ACK.clear();
  }

  private static final class Ticking implements Source, Acknowledging {
    private final Config config;
    private int handedOn;
    private int idle;

    Ticking(Config config) {
      this.config = config;
    }

    @Override
    public void open(ComponentContext context) {
      CALLS.add("open " + Thread.currentThread().getName());
    }

    @Override
    public Poll poll(Duration timeout) {
      CALLS.add("poll " + Thread.currentThread().getName());
      if (handedOn == config.messages()) {
        return config.bounded() ? Poll.END : Poll.IDLE;
      }
      if (idle++ < config.idle_polls()) {
        return Poll.IDLE;
      }
      idle = 0;
      handedOn++;
      byte[] line = ("{\"n\": " + handedOn + "}\n").getBytes(StandardCharsets.UTF_8);
      Position position = new Position("ticks", Integer.toString(handedOn));
      return Poll.records(List.of(RawMessage.of(line, "ticks", handedOn, position)));
    }

    @Override
    public void acknowledge(Map<String, Position> committed) {
      CALLS.add("acknowledge " + Thread.currentThread().getName());
      COMMITS_AT_ACK.add(RecordingSinkFactory.COMMITS.size());
      ACKS.add(committed);
    }

    @Override
    public void close() {
      CALLS.add("close " + Thread.currentThread().getName());
    }
  }
}
