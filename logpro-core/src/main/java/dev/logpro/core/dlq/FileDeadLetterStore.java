package dev.logpro.core.dlq;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The dead letters of a file dead-letter queue: every {@code *.ndjson} file under its directory (or one such file).
 * A file changes by being written anew beside itself, forced to disk and renamed over the old one, so a crash leaves
 * either the old file or the new one. A file that a running pipeline still holds locked is neither read for change
 * nor changed.
 */
final class FileDeadLetterStore implements DeadLetterStore {
  private static final JsonFactory JSON = new JsonFactory();

  private final Path path;
  private long unreadable;

  FileDeadLetterStore(Path path) {
    this.path = path;
  }

  @Override
  public String describe() {
    return (Files.isRegularFile(path) ? "file " : "directory ") + path;
  }

  /** The dead-letter files, in name order (which is time order within a pipeline). */
  List<Path> files() throws IOException {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      return List.of();
    }
    try (Stream<Path> listing = Files.walk(path)) {
      return listing.filter(p -> p.getFileName().toString().endsWith(FileDeadLetterQueue.SUFFIX))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
  }

  @Override
  public void read(Visitor visitor) throws Exception {
    unreadable = 0;
    for (Path file : files()) {
      try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          StoredDeadLetter letter;
          try {
            letter = DeadLetterLines.parse(line);
          } catch (IOException e) {
            unreadable++;
            continue;
          }
          visitor.accept(letter);
        }
      }
    }
  }

  @Override
  public long unreadable() {
    return unreadable;
  }

  @Override
  public long update(String pipeline, UnaryOperator<StoredDeadLetter> change) throws IOException {
    long changed = 0;
    for (Path file : files()) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        FileLock lock = tryLock(channel);
        if (lock == null) {
          continue;
        }
        try {
          changed += rewrite(file, pipeline, change);
        } finally {
          lock.release();
        }
      }
    }
    return changed;
  }

  /** A lock on the file, or {@code null} while a pipeline (in this process or another) writes it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  /** Writes {@code file} anew with the pipeline's dead letters changed; unchanged lines are copied as they are. */
  private long rewrite(Path file, String pipeline, UnaryOperator<StoredDeadLetter> change) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    long changed = 0;
    long kept = 0;
    try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream out = Channels.newOutputStream(channel);
        JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.setRootValueSeparator(null);
      String line;
      while ((line = lines.readLine()) != null) {
        StoredDeadLetter now = parseOrNull(line);
        if (now != null && Objects.equals(now.pipeline(), pipeline)) {
          StoredDeadLetter next = change.apply(now);
          if (next != now) {
            changed++;
            if (next != null) {
              DeadLetterLines.write(json, next);
              kept++;
            }
            continue;
          }
        }
        json.writeRaw(line);
        json.writeRaw('\n');
        kept++;
      }
      json.flush();
      channel.force(true);
    }
    if (changed == 0) {
      Files.delete(temp);
    } else if (kept == 0) {
      Files.delete(temp);
      Files.delete(file);
      forceDirectory(file.getParent());
    } else {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      forceDirectory(file.getParent());
    }
    return changed;
  }

  private static StoredDeadLetter parseOrNull(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      return DeadLetterLines.parse(line);
    } catch (IOException e) {
      return null;
    }
  }

  private static void forceDirectory(Path directory) throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  @Override
  public void close() {}
}
