package dev.logpro.iceberg;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Publishes finished files under a root directory so that a crash at any moment leaves each one either absent or
 * whole under its final name: the file's bytes are forced to disk, it is renamed into place atomically, and the
 * directory entry is forced too, with every directory between it and the root the first time (a new partition
 * directory is itself an entry in its parent).
 */
final class DurableFiles {

  private final Path root;
  private final Set<Path> durableDirectories = new HashSet<>();

  DurableFiles(Path root) {
    this.root = root;
  }

  /** Moves the complete file {@code temporary} to {@code target} in the same directory, durably. */
  void publish(Path temporary, Path target) throws IOException {
    try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      file.force(true);
    }
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("Cannot publish " + target + ": the file system cannot rename atomically", e);
    }
    for (Path dir = target.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
      force(dir);
      if (!durableDirectories.add(dir)) {
        break;
      }
    }
  }

  private static void force(Path directory) throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
