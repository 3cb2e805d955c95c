package dev.logpro.core.source.file;

import dev.logpro.core.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files a {@code path} setting names, in a stable (sorted) order. */
final class FileSet {
  private static final String PATH_KEY = "source.file.path";

  private FileSet() {}

  static List<Path> resolve(String pattern) {
    if (!isGlob(pattern)) {
      Path path = Paths.get(pattern).toAbsolutePath().normalize();
      if (Files.isRegularFile(path)) {
        return List.of(path);
      }
      if (Files.isDirectory(path)) {
        return walk(path, p -> true);
      }
      throw ConfigException.of(PATH_KEY, "no such file or directory: " + pattern);
    }
    Path base = globBase(pattern);
    if (!Files.isDirectory(base)) {
      throw ConfigException.of(PATH_KEY, "no such directory: " + base + " (from the glob " + pattern + ")");
    }
    String absolute = Paths.get(pattern).isAbsolute() ? pattern : Paths.get("").toAbsolutePath() + "/" + pattern;
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + Paths.get(absolute).normalize());
    return walk(base, matcher::matches);
  }

  private static List<Path> walk(Path dir, java.util.function.Predicate<Path> accept) {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> out = new ArrayList<>();
      files
          .filter(Files::isRegularFile)
          .map(p -> p.toAbsolutePath().normalize())
          .filter(p -> !isHidden(dir, p))
          .filter(accept)
          .sorted()
          .forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list files under " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean isHidden(Path root, Path file) {
    for (Path part : root.toAbsolutePath().normalize().relativize(file)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  static boolean isGlob(String pattern) {
    return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  /** The directory part of a glob before its first wildcard. */
  private static Path globBase(String pattern) {
    Path path = Paths.get(pattern);
    Path base = path.isAbsolute() ? path.getRoot() : Paths.get("");
    for (Path part : path) {
      if (isGlob(part.toString())) {
        break;
      }
      base = base.resolve(part);
    }
    return base.toAbsolutePath().normalize();
  }
}
