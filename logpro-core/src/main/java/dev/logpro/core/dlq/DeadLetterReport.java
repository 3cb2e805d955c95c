package dev.logpro.core.dlq;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The dead letters of a dead-letter queue grouped by stage and kind of error: how many, with a few samples, and how
 * many each pipeline left. Errors that differ only in the values they quote or count fall in one group.
 */
public final class DeadLetterReport {
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w-])\\d+(?![\\w-])");

  /**
   * One kind of failure.
   *
   * @param stage where it failed
   * @param error the error with quoted values shown as {@code "…"} and numbers as {@code N}
   * @param count dead letters of this kind
   * @param samples up to {@code samplesPerGroup} of them, in store order
   */
  public record Group(String stage, String error, long count, List<Sample> samples) {}

  /** One dead letter as the report shows it. */
  public record Sample(String source, String position, String error, String raw) {}

  private final String where;
  private final List<Group> groups;
  private final Map<String, Long> byPipeline;
  private final long total;
  private final long inReplay;
  private final long unreadable;

  private DeadLetterReport(String where, List<Group> groups, Map<String, Long> byPipeline, long total, long inReplay,
      long unreadable) {
    this.where = where;
    this.groups = groups;
    this.byPipeline = byPipeline;
    this.total = total;
    this.inReplay = inReplay;
    this.unreadable = unreadable;
  }

  /** Reads a file dead-letter queue: every {@code *.ndjson} file under {@code path}, or {@code path} itself. */
  public static DeadLetterReport read(Path path, int samplesPerGroup) throws Exception {
    return of(new FileDeadLetterStore(path), null, samplesPerGroup);
  }

  /** Reads every dead letter in {@code store}, or only those of {@code pipeline} when it is not null. */
  public static DeadLetterReport of(DeadLetterStore store, String pipeline, int samplesPerGroup) throws Exception {
    Map<String, Builder> byKind = new LinkedHashMap<>();
    Map<String, Long> byPipeline = new TreeMap<>();
    long[] counts = new long[2];
    store.read(stored -> {
      if (pipeline != null && !pipeline.equals(stored.pipeline())) {
        return;
      }
      counts[0]++;
      if (stored.replay() != null) {
        counts[1]++;
      }
      byPipeline.merge(Objects.requireNonNullElse(stored.pipeline(), "?"), 1L, Long::sum);
      String stage = stored.letter().stage();
      String error = stored.letter().error();
      String kind = NUMBER.matcher(QUOTED.matcher(error).replaceAll("\"…\"")).replaceAll("N");
      Builder group = byKind.computeIfAbsent(stage + "\u0000" + kind, k -> new Builder(stage, kind));
      group.count++;
      if (group.samples.size() < samplesPerGroup) {
        String raw = DeadLetterLines.utf8OrNull(stored.letter().raw());
        group.samples.add(new Sample(Objects.requireNonNullElse(stored.letter().source(), ""),
            Objects.requireNonNullElse(stored.letter().position(), ""), error,
            raw == null ? "(not UTF-8: " + stored.letter().raw().length + " bytes)" : raw));
      }
    });
    List<Group> groups = byKind.values().stream()
        .map(b -> new Group(b.stage, b.error, b.count, List.copyOf(b.samples)))
        .sorted(Comparator.comparingLong(Group::count).reversed())
        .toList();
    return new DeadLetterReport(store.describe(), groups, byPipeline, counts[0], counts[1], store.unreadable());
  }

  /** Where the dead letters are: {@code directory ./dlq}, {@code table analytics.events_dlq}. */
  public String where() {
    return where;
  }

  public List<Group> groups() {
    return groups;
  }

  /** Dead letters per pipeline id, sorted by id. */
  public Map<String, Long> byPipeline() {
    return byPipeline;
  }

  public long total() {
    return total;
  }

  /** Dead letters that a replay holds (one that is running, or one that stopped and the next replay finishes). */
  public long inReplay() {
    return inReplay;
  }

  /** Entries that are not dead letters (a line cut short by a crash, say). */
  public long unreadable() {
    return unreadable;
  }

  private static final class Builder {
    private final String stage;
    private final String error;
    private final List<Sample> samples = new ArrayList<>();
    private long count;

    private Builder(String stage, String error) {
      this.stage = stage;
      this.error = error;
    }
  }
}
