package dev.logpro.iceberg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * Where the committed positions of one pipeline are: its segment files, oldest first (a later one overrides an
 * earlier one for the splits both hold), and the commit that recorded them. A few hundred bytes, kept in the table
 * property {@code logpro.positions.<pipeline>} and in the summary of the snapshot that commit made.
 *
 * @param seq the pipeline's commit count on this table; grows by one per commit
 * @param commit the {@code logpro.commit-id} of the commit that recorded this pointer
 * @param dir the directory of the segment files
 * @param segments the segment files, oldest first
 */
record PositionsPointer(long seq, String commit, String dir, List<Segment> segments) {

  private static final ObjectMapper JSON = new ObjectMapper();

  PositionsPointer {
    segments = List.copyOf(segments);
  }

  /** One segment file, by name within {@link #dir}, and how many splits it holds. */
  record Segment(String file, int splits) {}

  String location(Segment segment) {
    return dir + "/" + segment.file();
  }

  int splits() {
    return segments.stream().mapToInt(Segment::splits).sum();
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise a positions pointer", e);
    }
  }

  /** The pointer in {@code json}, or {@code null} if there is none; throws if it is not a pointer. */
  static PositionsPointer parse(String json, String where) {
    if (json == null) {
      return null;
    }
    try {
      PositionsPointer pointer = JSON.readValue(json, PositionsPointer.class);
      if (pointer.commit() == null || pointer.dir() == null) {
        throw new IllegalArgumentException("it names no commit or directory");
      }
      return pointer;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException("Cannot read the positions pointer in " + where + ": " + e.getMessage(), e);
    }
  }
}
