package dev.logpro.iceberg;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logpro.api.CannotResumeException;
import dev.logpro.api.Position;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed positions of the pipelines writing to one table, kept where no other engine's maintenance removes
 * them, at a cost that does not grow with the table's history.
 *
 * <p>Each commit writes the positions that moved into one small segment file under the table's hidden directory
 * {@code .logpro/positions/<pipeline>/} (hidden: orphan-file removal does not list it), and records a
 * {@link PositionsPointer} to the pipeline's segments in the same Iceberg commit, twice: as the table property
 * {@code logpro.positions.<pipeline>}, which snapshot expiry, compaction, manifest rewrites and other writers leave
 * alone, and in the summary of the snapshot it makes ({@code logpro.positions-ref.<pipeline>}), which a rollback
 * takes back together with the rows. Segments are merged as they accumulate, each older one bigger than the next,
 * so a pipeline has a handful of them and a commit writes, on average, a small multiple of what it moved.
 *
 * <p>Tables written before this design keep their positions in snapshot summaries
 * ({@code logpro.positions.<pipeline>}, the whole map); they are read from there until the first commit moves them.
 */
final class TablePositions {

  static final String PROPERTY_PREFIX = "logpro.positions.";
  static final String SUMMARY_REF_PREFIX = "logpro.positions-ref.";
  /** Tables written before pointers: the whole map in each snapshot summary. */
  static final String LEGACY_SUMMARY_PREFIX = "logpro.positions.";
  static final String COMMIT_ID = "logpro.commit-id";
  static final String PIPELINE = "logpro.pipeline";
  /** Segments referenced by this many of the table's newest snapshots are kept, so a recent rollback still resumes. */
  static final int KEEP_FOR_NEWEST_SNAPSHOTS = 10;
  private static final int MAX_SEGMENTS = 12;
  private static final String MARKER = "committed.marker";

  private static final Logger LOG = LoggerFactory.getLogger(TablePositions.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Reads segments, whose keys are splits: Jackson's default canonicalises and interns every key, which is meant for
   * a few repeating field names and made reading 100,000 positions take a second.
   */
  private static final JsonFactory SEGMENTS = JsonFactory.builder()
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .build();
  private static final TypeReference<Map<String, String>> TOKENS = new TypeReference<>() {};

  private TablePositions() {}

  /**
   * What one pipeline has committed to the table.
   *
   * @param positions every committed position, by split
   * @param pointer where they are stored; {@code null} before the pipeline's first commit with this design
   * @param seq the pipeline's last commit count ({@code 0}: none)
   */
  record Committed(Map<String, Position> positions, PositionsPointer pointer, long seq) {
    static final Committed NONE = new Committed(Map.of(), null, 0);

    Committed {
      positions = Collections.unmodifiableMap(positions);
    }
  }

  /** A commit's positions, written but not committed yet, and the files it wrote for them. */
  record Prepared(Committed next, List<String> written) {}

  static String propertyKey(String pipelineId) {
    return PROPERTY_PREFIX + pipelineId;
  }

  static String summaryRefKey(String pipelineId) {
    return SUMMARY_REF_PREFIX + pipelineId;
  }

  static String directory(Table table, String pipelineId) {
    String location = table.location().replaceAll("/+$", "");
    return location + "/.logpro/positions/" + URLEncoder.encode(pipelineId, StandardCharsets.UTF_8);
  }

  /**
   * The positions the table holds for {@code pipelineId}: those of the pipeline's newest commit that the table's
   * current state includes. Throws {@link CannotResumeException} when the pipeline has written to the table before
   * but its positions cannot be found.
   */
  static Committed restore(Table table, String pipelineId) {
    String tableName = table.name();
    PositionsPointer fromTable = PositionsPointer.parse(
        table.properties().get(propertyKey(pipelineId)), "table property " + propertyKey(pipelineId));
    Snapshot newestOwn = newestOwnAncestor(table, pipelineId);
    if (fromTable == null) {
      if (newestOwn != null) {
        return fromSnapshot(table, newestOwn, pipelineId);
      }
      if (hasWritten(table, pipelineId)) {
        throw new CannotResumeException("Pipeline '" + pipelineId + "' has written to table " + tableName
            + " before, but its positions are gone (table property " + propertyKey(pipelineId) + " is missing);"
            + " to read every input again, knowing rows already in the table will be written twice, run with"
            + " --from-scratch");
      }
      return Committed.NONE;
    }
    PositionsPointer fromAncestry = newestOwn == null ? null : refIn(newestOwn, pipelineId);
    if (fromAncestry != null && fromAncestry.commit().equals(fromTable.commit())) {
      return read(table, fromTable, pipelineId);
    }
    Snapshot last = byCommitId(table.snapshots(), fromTable.commit());
    if (last != null && !isCurrentAncestor(table, last)) {
      // The table was rolled back to before the pipeline's last commit: resume from what the current state holds.
      if (newestOwn != null) {
        LOG.warn("Table {} was rolled back to before commit {} of pipeline {}; resuming from an earlier commit",
            tableName, fromTable.commit(), pipelineId);
        return fromSnapshot(table, newestOwn, pipelineId);
      }
      if (ancestryComplete(table)) {
        return new Committed(Map.of(), null, fromTable.seq());
      }
      throw new CannotResumeException("Table " + tableName + " was rolled back to before the commits of pipeline '"
          + pipelineId + "', and the snapshots that would say which of them it keeps are expired; to read every"
          + " input again, knowing rows already in the table will be written twice, run with --from-scratch");
    }
    return read(table, fromTable, pipelineId);
  }

  /** Whether the commit {@code commitId} is in the table's current state (its snapshot, or a property naming it). */
  static boolean landed(Table table, String pipelineId, String commitId) {
    if (byCommitId(SnapshotUtil.currentAncestors(table), commitId) != null) {
      return true;
    }
    PositionsPointer fromTable = PositionsPointer.parse(
        table.properties().get(propertyKey(pipelineId)), "table property " + propertyKey(pipelineId));
    return fromTable != null && fromTable.commit().equals(commitId);
  }

  /**
   * Writes the segment that takes the pipeline from {@code current} to {@code merged}, merging it with the newest
   * segments while they are no bigger than it (as a binary counter carries), so that each older segment is bigger
   * than the next, a pipeline has about log2(commits) of them, and a position is rewritten about that many times
   * over its life. Nothing is written when no position moved.
   */
  static Prepared prepare(Table table, String pipelineId, Committed current, Map<String, Position> given,
      Map<String, Position> merged, String commitId) throws IOException {
    long seq = current.seq() + 1;
    String dir = directory(table, pipelineId);
    List<PositionsPointer.Segment> segments = current.pointer() == null
        ? new ArrayList<>() : new ArrayList<>(current.pointer().segments());
    Set<String> moved = new HashSet<>();
    given.forEach((split, position) -> {
      if (!position.equals(current.positions().get(split))) {
        moved.add(split);
      }
    });
    if (current.pointer() == null) {
      moved.addAll(merged.keySet()); // positions read from an old summary, or none: all go into the first segment
    }
    if (moved.isEmpty()) {
      return new Prepared(new Committed(merged, new PositionsPointer(seq, commitId, dir, segments), seq), List.of());
    }
    Set<String> tail = new HashSet<>(moved);
    while (!segments.isEmpty()) {
      PositionsPointer.Segment newest = segments.get(segments.size() - 1);
      if (newest.splits() > tail.size() && segments.size() < MAX_SEGMENTS) {
        break;
      }
      tail.addAll(readSegment(table.io(), current.pointer().dir() + "/" + newest.file()).keySet());
      segments.remove(segments.size() - 1);
    }
    Map<String, String> tokens = new TreeMap<>();
    for (String split : tail) {
      Position position = merged.get(split);
      if (position != null) {
        tokens.put(split, position.token());
      }
    }
    String file = seq + "-" + commitId.substring(0, 8) + ".json";
    writeSegment(table.io(), dir + "/" + file, pipelineId, tokens);
    segments.add(new PositionsPointer.Segment(file, tokens.size()));
    PositionsPointer pointer = new PositionsPointer(seq, commitId, dir, segments);
    return new Prepared(new Committed(merged, pointer, seq), List.of(dir + "/" + file));
  }

  /**
   * Deletes the pipeline's segment files that neither the table property nor any of the table's newest snapshots
   * refer to: merged away, or written for a commit that never landed. Needs a file system that can list.
   */
  static int sweep(Table table, String pipelineId) {
    if (!(table.io() instanceof SupportsPrefixOperations listing)) {
      return 0;
    }
    Set<String> keep = new HashSet<>();
    PositionsPointer fromTable = PositionsPointer.parse(
        table.properties().get(propertyKey(pipelineId)), "table property " + propertyKey(pipelineId));
    if (fromTable != null) {
      fromTable.segments().forEach(s -> keep.add(fromTable.location(s)));
    }
    StreamSupport.stream(table.snapshots().spliterator(), false)
        .sorted(Comparator.comparingLong(Snapshot::timestampMillis).reversed())
        .limit(KEEP_FOR_NEWEST_SNAPSHOTS)
        .map(s -> refIn(s, pipelineId))
        .filter(p -> p != null)
        .forEach(p -> p.segments().forEach(s -> keep.add(p.location(s))));
    int deleted = 0;
    String dir = directory(table, pipelineId);
    Set<String> keptNames = new HashSet<>();
    keep.forEach(location -> keptNames.add(location.substring(location.lastIndexOf('/') + 1)));
    for (FileInfo file : listing.listPrefix(dir + "/")) {
      String name = file.location().substring(file.location().lastIndexOf('/') + 1);
      if (name.endsWith(".json") && !keptNames.contains(name)) {
        table.io().deleteFile(file.location());
        deleted++;
      }
    }
    return deleted;
  }

  /** Deletes segment files written for a commit that did not land. */
  static void deleteQuietly(FileIO io, List<String> locations) {
    for (String location : locations) {
      try {
        io.deleteFile(location);
      } catch (RuntimeException e) {
        LOG.warn("Cannot delete positions file {}: {}", location, e.getMessage());
      }
    }
  }

  /** The snapshot in the current ancestry made by the commit {@code commitId}, or null. */
  static Snapshot byCommitId(Iterable<Snapshot> snapshots, String commitId) {
    for (Snapshot snapshot : snapshots) {
      if (commitId.equals(snapshot.summary().get(COMMIT_ID))) {
        return snapshot;
      }
    }
    return null;
  }

  /** The positions of {@code pipelineId} that a snapshot's summary holds or points to. */
  private static Committed fromSnapshot(Table table, Snapshot snapshot, String pipelineId) {
    PositionsPointer pointer = refIn(snapshot, pipelineId);
    if (pointer != null) {
      return read(table, pointer, pipelineId);
    }
    Map<String, Position> positions = toPositions(parseTokens(
        snapshot.summary().get(LEGACY_SUMMARY_PREFIX + pipelineId), "snapshot " + snapshot.snapshotId()));
    return new Committed(positions, null, 0);
  }

  private static PositionsPointer refIn(Snapshot snapshot, String pipelineId) {
    return PositionsPointer.parse(snapshot.summary().get(summaryRefKey(pipelineId)),
        "the summary of snapshot " + snapshot.snapshotId());
  }

  /** The newest snapshot in the current ancestry with positions of {@code pipelineId} (in either form). */
  private static Snapshot newestOwnAncestor(Table table, String pipelineId) {
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      Map<String, String> summary = snapshot.summary();
      if (summary.containsKey(summaryRefKey(pipelineId)) || summary.containsKey(LEGACY_SUMMARY_PREFIX + pipelineId)) {
        return snapshot;
      }
    }
    return null;
  }

  private static Committed read(Table table, PositionsPointer pointer, String pipelineId) {
    Map<String, Position> positions = new HashMap<>();
    for (PositionsPointer.Segment segment : pointer.segments()) {
      try {
        readSegment(table.io(), pointer.location(segment),
            (split, token) -> positions.put(split, new Position(split, token)));
      } catch (NotFoundException e) {
        throw new CannotResumeException("The positions of pipeline '" + pipelineId + "' in table " + table.name()
            + " are gone: " + pointer.location(segment) + " is missing; to read every input again, knowing rows"
            + " already in the table will be written twice, run with --from-scratch");
      }
    }
    return new Committed(positions, pointer, pointer.seq());
  }

  private static boolean hasWritten(Table table, String pipelineId) {
    for (Snapshot snapshot : table.snapshots()) {
      if (pipelineId.equals(snapshot.summary().get(PIPELINE))) {
        return true;
      }
    }
    return table.io().newInputFile(markerLocation(table, pipelineId)).exists();
  }

  /**
   * Records, beside the positions files, that {@code pipelineId} has committed to the table: what tells a start that
   * positions are missing once the property is gone and the snapshots naming the pipeline are expired. Written after
   * a commit landed (a crash before it leaves none, and a segment file of a commit that never landed is no
   * evidence), once per run; it is never deleted with the segments.
   */
  static void markCommitted(Table table, String pipelineId) throws IOException {
    String location = markerLocation(table, pipelineId);
    if (!table.io().newInputFile(location).exists()) {
      try (OutputStream out = table.io().newOutputFile(location).createOrOverwrite()) {
        out.write(("{\"pipeline\": " + JSON.writeValueAsString(pipelineId) + "}\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static String markerLocation(Table table, String pipelineId) {
    return directory(table, pipelineId) + "/" + MARKER;
  }

  private static boolean isCurrentAncestor(Table table, Snapshot snapshot) {
    Snapshot current = table.currentSnapshot();
    return current != null && SnapshotUtil.isAncestorOf(table, current.snapshotId(), snapshot.snapshotId());
  }

  /** Whether every ancestor of the current snapshot is still in the table, back to the first. */
  private static boolean ancestryComplete(Table table) {
    Snapshot oldest = null;
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      oldest = snapshot;
    }
    return oldest == null || oldest.parentId() == null;
  }

  static Map<String, String> readSegment(FileIO io, String location) {
    Map<String, String> tokens = new HashMap<>();
    readSegment(io, location, tokens::put);
    return tokens;
  }

  /** Streams the positions of a segment file to {@code into}, split and token, without building a tree. */
  private static void readSegment(FileIO io, String location, BiConsumer<String, String> into) {
    try (InputStream in = io.newInputFile(location).newStream();
        JsonParser parser = SEGMENTS.createParser(in)) {
      expect(parser.nextToken() == JsonToken.START_OBJECT, location);
      boolean found = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!field.equals("positions")) {
          parser.skipChildren();
          continue;
        }
        expect(value == JsonToken.START_OBJECT, location);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String split = parser.currentName();
          expect(parser.nextToken() == JsonToken.VALUE_STRING, location);
          into.accept(split, parser.getText());
        }
        found = true;
      }
      expect(found, location);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read positions file " + location, e);
    }
  }

  private static void expect(boolean condition, String location) {
    if (!condition) {
      throw new IllegalStateException("Cannot read positions file " + location + ": it is not a positions file");
    }
  }

  private static void writeSegment(FileIO io, String location, String pipelineId, Map<String, String> tokens)
      throws IOException {
    Map<String, Object> segment = new LinkedHashMap<>();
    segment.put("pipeline", pipelineId);
    segment.put("positions", tokens);
    try (OutputStream out = io.newOutputFile(location).create()) {
      JSON.writeValue(out, segment);
    }
    if (io instanceof LocalFileIO) {
      // The commit that points here must not outlive the file in a power loss.
      try (FileChannel file = FileChannel.open(LocalFileIO.toFile(location).toPath(), StandardOpenOption.WRITE)) {
        file.force(true);
      }
      try (FileChannel parent = FileChannel.open(LocalFileIO.toFile(location).toPath().getParent(),
          StandardOpenOption.READ)) {
        parent.force(true);
      }
    }
  }

  private static Map<String, String> parseTokens(String json, String where) {
    try {
      return JSON.readValue(json, TOKENS);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read positions from " + where + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Position> toPositions(Map<String, String> tokens) {
    Map<String, Position> positions = new LinkedHashMap<>();
    tokens.forEach((split, token) -> positions.put(split, new Position(split, token)));
    return positions;
  }
}
