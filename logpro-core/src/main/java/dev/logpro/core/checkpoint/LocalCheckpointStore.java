package dev.logpro.core.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logpro.api.CheckpointStore;
import dev.logpro.api.Position;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Positions in {@code <dir>/<pipeline>.json}, replaced atomically: written to a temporary file, forced to disk,
 * renamed over the old one, and the directory forced too, so a crash leaves either the old positions or the new ones.
 */
final class LocalCheckpointStore implements CheckpointStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;

  LocalCheckpointStore(Path directory) {
    this.directory = directory;
  }

  @Override
  public Map<String, Position> load(String pipelineId) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file(pipelineId));
    } catch (NoSuchFileException e) {
      return Map.of();
    }
    Map<String, String> tokens = JSON.readValue(bytes, new TypeReference<LinkedHashMap<String, String>>() {});
    Map<String, Position> positions = new LinkedHashMap<>();
    tokens.forEach((split, token) -> positions.put(split, new Position(split, token)));
    return positions;
  }

  @Override
  public void save(String pipelineId, Map<String, Position> positions) throws IOException {
    Files.createDirectories(directory);
    Map<String, String> tokens = new TreeMap<>();
    positions.forEach((split, position) -> tokens.put(split, position.token()));
    Path target = file(pipelineId);
    Path temp = directory.resolve("." + target.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(JSON.writeValueAsBytes(tokens)));
      channel.force(true);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("Cannot save positions in " + directory + ": the file system cannot rename atomically", e);
    }
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  private Path file(String pipelineId) {
    return directory.resolve(pipelineId + ".json");
  }
}
