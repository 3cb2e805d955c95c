package dev.logpro.iceberg;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * A directory of plain Parquet files seen through Iceberg's table interfaces, so that the raw {@code parquet} sink
 * writes through the same Arrow-to-Parquet path as the Iceberg sink ({@link PartitionedWriters}, {@link FileWriter}):
 * field ids, partition transforms, rolling by size, at most so many files open. Nothing is ever committed: the
 * metadata lives in memory, and every data location is a hidden temporary name ({@code .<name>.inprogress}) in a
 * Hive-style partition directory, which {@link ParquetSink} renames into place once the file is complete.
 */
final class ParquetDirectory implements TableOperations, LocationProvider {

  private static final long serialVersionUID = 1L;
  static final String TEMP_SUFFIX = ".inprogress";

  private final String root;
  private final String filePrefix;
  private final TableMetadata metadata;
  private final FileIO io = new LocalFileIO();

  private ParquetDirectory(String root, String filePrefix, TableMetadata metadata) {
    this.root = root;
    this.filePrefix = filePrefix;
    this.metadata = metadata;
  }

  /**
   * A table over {@code root} for rows of {@code schema}, partitioned by {@code terms}; its files are named
   * {@code <filePrefix><writer's name>}.
   */
  static Table open(Path root, String filePrefix, org.apache.iceberg.Schema schema, List<PartitionSpecs.Term> terms,
      String key, Map<String, String> properties) {
    PartitionSpec spec = PartitionSpecs.toSpec(terms, schema, key);
    String location = root.toAbsolutePath().normalize().toString();
    TableMetadata metadata = TableMetadata.newTableMetadata(schema, spec, location, properties);
    return new BaseTable(new ParquetDirectory(location, filePrefix, metadata), location);
  }

  /** The hidden name a file is written under: {@code .<prefix><name>.inprogress}. */
  static boolean isTemporary(Path file, String filePrefix) {
    String name = file.getFileName().toString();
    return name.startsWith("." + filePrefix) && name.endsWith(TEMP_SUFFIX);
  }

  /** Where the finished file written at {@code temporary} is published. */
  static Path published(Path temporary) {
    String name = temporary.getFileName().toString();
    return temporary.resolveSibling(name.substring(1, name.length() - TEMP_SUFFIX.length()));
  }

  @Override
  public String newDataLocation(String filename) {
    return root + "/" + temporary(filename);
  }

  @Override
  public String newDataLocation(PartitionSpec spec, StructLike partitionData, String filename) {
    return root + "/" + HivePaths.of(spec, partitionData) + "/" + temporary(filename);
  }

  private String temporary(String filename) {
    return "." + filePrefix + filename + TEMP_SUFFIX;
  }

  @Override
  public TableMetadata current() {
    return metadata;
  }

  @Override
  public TableMetadata refresh() {
    return metadata;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata updated) {
    throw new UnsupportedOperationException(
        "Cannot commit to " + root + ": a directory of plain Parquet files has no table metadata");
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  public String metadataFileLocation(String fileName) {
    throw new UnsupportedOperationException("Cannot locate metadata in " + root + ": plain Parquet files have none");
  }

  @Override
  public LocationProvider locationProvider() {
    return this;
  }
}
