package dev.logpro.iceberg;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * A {@link FileIO} over the local disk, without Hadoop (whose local file system writes {@code .crc} side files).
 * Public only because Iceberg instantiates it by class name ({@code io-impl}).
 */
public final class LocalFileIO implements SupportsPrefixOperations {

  private static final long serialVersionUID = 1L;

  public LocalFileIO() {}

  @Override
  public InputFile newInputFile(String location) {
    return org.apache.iceberg.Files.localInput(toFile(location));
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new ParentCreatingOutputFile(org.apache.iceberg.Files.localOutput(toFile(location)));
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(toFile(location).toPath());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + location, e);
    }
  }

  /** The files under the directory {@code prefix} names (a location ending in {@code /}), at any depth. */
  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    Path dir = toFile(prefix).toPath();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(LocalFileIO::info).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + prefix, e);
    }
  }

  @Override
  public void deletePrefix(String prefix) {
    Path dir = toFile(prefix).toPath();
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + prefix, e);
    }
  }

  private static FileInfo info(Path file) {
    try {
      return new FileInfo(file.toUri().toString(), Files.size(file), Files.getLastModifiedTime(file).toMillis());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the attributes of " + file, e);
    }
  }

  static File toFile(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)).toFile() : new File(location);
  }

  /** Creates the parent directories before the file, as object stores need no such step. */
  private record ParentCreatingOutputFile(OutputFile delegate) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      mkdirs();
      return delegate.create();
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      mkdirs();
      return delegate.createOrOverwrite();
    }

    @Override
    public String location() {
      return delegate.location();
    }

    @Override
    public InputFile toInputFile() {
      return delegate.toInputFile();
    }

    private void mkdirs() {
      File parent = toFile(delegate.location()).getAbsoluteFile().getParentFile();
      if (parent != null && !parent.isDirectory() && !parent.mkdirs() && !parent.isDirectory()) {
        throw new UncheckedIOException(new IOException("Cannot create directory " + parent));
      }
    }
  }
}
