package dev.logpro.iceberg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logpro.api.Position;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/** Source positions kept in Iceberg snapshot summaries: {@code logpro.positions.<pipeline>} = {split: token}. */
final class SnapshotPositions {

  static final String PREFIX = "logpro.positions.";
  static final String COMMIT_ID = "logpro.commit-id";
  static final String PIPELINE = "logpro.pipeline";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> TOKENS = new TypeReference<>() {};

  private SnapshotPositions() {}

  static String key(String pipelineId) {
    return PREFIX + pipelineId;
  }

  static String toJson(Map<String, Position> positions) {
    Map<String, String> tokens = new TreeMap<>();
    positions.forEach((split, position) -> tokens.put(split, position.token()));
    try {
      return JSON.writeValueAsString(tokens);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise positions", e);
    }
  }

  static Map<String, Position> fromJson(String json) {
    try {
      Map<String, String> tokens = JSON.readValue(json, TOKENS);
      Map<String, Position> positions = new LinkedHashMap<>();
      tokens.forEach((split, token) -> positions.put(split, new Position(split, token)));
      return positions;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot read positions from snapshot summary: " + e.getOriginalMessage(), e);
    }
  }

  /** The positions of the newest snapshot in the current ancestry that holds some for {@code pipelineId}. */
  static Map<String, Position> latest(Table table, String pipelineId) {
    String key = key(pipelineId);
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      String json = snapshot.summary().get(key);
      if (json != null) {
        return fromJson(json);
      }
    }
    return Map.of();
  }

  /** The snapshot in the current ancestry made by the commit {@code commitId}, or null. */
  static Snapshot byCommitId(Table table, String commitId) {
    for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
      if (commitId.equals(snapshot.summary().get(COMMIT_ID))) {
        return snapshot;
      }
    }
    return null;
  }
}
