package dev.logpro.core.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Dead letters of a file dead-letter queue grouped by stage and kind of error: how many, from which files, with a
 * few samples. Errors that differ only in the values they quote or count fall in one group.
 */
public final class DeadLetterReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w-])\\d+(?![\\w-])");

  /**
   * One kind of failure.
   *
   * @param stage where it failed
   * @param error the error with quoted values shown as {@code "…"} and numbers as {@code N}
   * @param count dead letters of this kind
   * @param samples up to {@code samplesPerGroup} of them, in file order
   */
  public record Group(String stage, String error, long count, List<Sample> samples) {}

  /** One dead letter as the report shows it. */
  public record Sample(String source, String position, String error, String raw) {}

  private final List<Group> groups;
  private final long total;
  private final long unreadable;
  private final int files;

  private DeadLetterReport(List<Group> groups, long total, long unreadable, int files) {
    this.groups = groups;
    this.total = total;
    this.unreadable = unreadable;
    this.files = files;
  }

  /** Reads every {@code *.ndjson} file under {@code directory} (or {@code directory} itself if it is a file). */
  public static DeadLetterReport read(Path directory, int samplesPerGroup) throws IOException {
    List<Path> paths;
    if (Files.isRegularFile(directory)) {
      paths = List.of(directory);
    } else {
      try (Stream<Path> listing = Files.walk(directory)) {
        paths = listing.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList();
      }
    }
    Map<String, Builder> byKind = new LinkedHashMap<>();
    long total = 0;
    long unreadable = 0;
    for (Path path : paths) {
      try (BufferedReader lines = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode letter;
          try {
            letter = JSON.readTree(line);
          } catch (IOException e) {
            unreadable++;
            continue;
          }
          total++;
          String stage = letter.path("stage").asText("?");
          String error = letter.path("error").asText("?");
          String kind = NUMBER.matcher(QUOTED.matcher(error).replaceAll("\"…\"")).replaceAll("N");
          Builder group = byKind.computeIfAbsent(stage + "\u0000" + kind, k -> new Builder(stage, kind));
          group.count++;
          if (group.samples.size() < samplesPerGroup) {
            group.samples.add(new Sample(letter.path("source").asText(""), letter.path("position").asText(""),
                error, letter.path("raw").isNull() ? "(not UTF-8; see raw_base64)" : letter.path("raw").asText("")));
          }
        }
      }
    }
    List<Group> groups = byKind.values().stream()
        .map(b -> new Group(b.stage, b.error, b.count, List.copyOf(b.samples)))
        .sorted(Comparator.comparingLong(Group::count).reversed())
        .toList();
    return new DeadLetterReport(groups, total, unreadable, paths.size());
  }

  public List<Group> groups() {
    return groups;
  }

  public long total() {
    return total;
  }

  /** Lines that are not dead letters (a file cut short by a crash, say). */
  public long unreadable() {
    return unreadable;
  }

  public int files() {
    return files;
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
