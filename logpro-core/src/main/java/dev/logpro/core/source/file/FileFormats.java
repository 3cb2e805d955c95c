package dev.logpro.core.source.file;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** The {@link FileFormat}s on the classpath, by name. */
final class FileFormats {
  private FileFormats() {}

  /** @throws IllegalArgumentException naming the formats there are, if none is called {@code name} */
  static FileFormat find(String name) {
    List<FileFormat> all = new ArrayList<>();
    ServiceLoader.load(FileFormat.class).forEach(all::add);
    for (FileFormat format : all) {
      if (format.name().equals(name)) {
        return format;
      }
    }
    TreeSet<String> names = new TreeSet<>();
    all.forEach(f -> names.add(f.name()));
    throw new IllegalArgumentException("Cannot read files as format '" + name + "': the file source reads only "
        + String.join(", ", names));
  }
}
