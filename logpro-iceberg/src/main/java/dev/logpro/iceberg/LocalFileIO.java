package dev.logpro.iceberg;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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

  /**
   * A file that is on disk once closed: its bytes and its directory entry are forced, so a table's commit, made after
   * its data files, manifests and metadata file are closed, cannot outlive them in a power loss (an object store's
   * PUT is durable when it returns; a local disk is not until forced).
   */
  private static final class Durable extends PositionOutputStream {
    private final PositionOutputStream out;
    private final Path file;
    private boolean closed;

    Durable(PositionOutputStream out, Path file) {
      this.out = out;
      this.file = file;
    }

    @Override
    public long getPos() throws IOException {
      return out.getPos();
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      out.close();
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      }
    }
  }

  /** Creates the parent directories before the file, as object stores need no such step. */
  private record ParentCreatingOutputFile(OutputFile delegate) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      mkdirs();
      return new Durable(delegate.create(), toFile(delegate.location()).toPath());
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      mkdirs();
      return new Durable(delegate.createOrOverwrite(), toFile(delegate.location()).toPath());
    }

    @Override
    public String location() {
      return delegate.location();
    }

    @Override
    public InputFile toInputFile() {
      return delegate.toInputFile();
    }

    /** Creates the missing parent directories, each entered durably in its own parent. */
    private void mkdirs() {
      File parent = toFile(delegate.location()).getAbsoluteFile().getParentFile();
      if (parent == null || parent.isDirectory()) {
        return;
      }
      List<File> missing = new ArrayList<>();
      for (File dir = parent; dir != null && !dir.isDirectory(); dir = dir.getParentFile()) {
        missing.add(dir);
      }
      if (!parent.mkdirs() && !parent.isDirectory()) {
        throw new UncheckedIOException(new IOException("Cannot create directory " + parent));
      }
      for (File dir : missing) {
        try (FileChannel up = FileChannel.open(dir.getParentFile().toPath(), StandardOpenOption.READ)) {
          up.force(true);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot make directory " + dir + " durable", e);
        }
      }
    }
  }
}
