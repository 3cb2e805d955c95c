package dev.logpro.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * One open Parquet data file of one partition, written a column at a time straight from Arrow vectors through
 * parquet-java's column writers, the columns of each slice of rows in parallel. Row groups are cut at the table's
 * row-group size; the footer carries Iceberg field ids and gives the {@link DataFile} its column metrics.
 */
final class FileWriter {

  /** Below this many rows a slice is written on the calling thread alone: handing it out costs more. */
  static final int PARALLEL_MIN_ROWS = 1024;

  private final Table table;
  private final PartitionKey partition;
  private final DataFileSettings settings;
  private final ColumnTasks tasks;
  private final String location;
  private final ParquetOutput output;
  private final ParquetFileWriter writer;
  /** This file's Parquet properties: the table's, with buffers from {@link #memory}. */
  private final ParquetProperties properties;
  private final PageMemory memory;
  /** This file's own values-writer factory: its writers' buffers come from this file's {@link #memory}. */
  private final ValuesWriters valuesWriters;
  private final LeafColumn[] columns;
  private ColumnChunkPageWriteStore pages;
  private long rowGroupRows;
  private long count;
  /** The last batch this file took rows from, and when: to find files whose partition stopped getting rows. */
  private long lastBatch = -1;
  private long lastWriteNanos = System.nanoTime();
  private long lastRowMark;
  /** What {@link #measure} found, valid until the next write or flush. */
  private boolean measured;
  private long heap;
  private long held;

  private FileWriter(Table table, PartitionKey partition, DataFileSettings settings, ColumnTasks tasks,
      String location, ParquetOutput output, ParquetFileWriter writer, ParquetProperties properties,
      PageMemory memory, ValuesWriters valuesWriters) {
    this.table = table;
    this.partition = partition;
    this.settings = settings;
    this.tasks = tasks;
    this.location = location;
    this.output = output;
    this.writer = writer;
    this.properties = properties;
    this.memory = memory;
    this.valuesWriters = valuesWriters;
    this.columns = LeafColumn.of(table.schema(), settings.message()).toArray(new LeafColumn[0]);
  }

  /**
   * Opens a new file for {@code partition} ({@code null} when unpartitioned) whose page buffers come from
   * {@code allocator}.
   */
  static FileWriter open(Table table, PartitionKey partition, String fileName, DataFileSettings settings,
      ColumnTasks tasks, BufferAllocator allocator) {
    String location = partition == null
        ? table.locationProvider().newDataLocation(fileName)
        : table.locationProvider().newDataLocation(table.spec(), partition, fileName);
    ParquetOutput output = new ParquetOutput(table.io().newOutputFile(location));
    PageMemory memory = new PageMemory(allocator);
    // A factory per file: parquet-java hands the properties to the factory when they are built, so one factory shared
    // by the open files would give a file's next row group the buffers of the file opened last, freed when that closes.
    ValuesWriters valuesWriters = new ValuesWriters(settings.hints());
    ParquetProperties properties = ParquetProperties.copy(settings.properties()).withAllocator(memory)
        .withValuesWriterFactory(valuesWriters).build();
    try {
      ParquetFileWriter writer = new ParquetFileWriter(output, settings.message(), ParquetFileWriter.Mode.OVERWRITE,
          settings.rowGroupBytes(), 0, null, properties);
      writer.start();
      return new FileWriter(table, partition, settings, tasks, location, output, writer, properties, memory,
          valuesWriters);
    } catch (IOException e) {
      memory.close();
      output.closeQuietly();
      try {
        table.io().deleteFile(location); // created before the write failed (a full disk): nobody else knows of it
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw new UncheckedIOException("Cannot open data file " + location, e);
    }
  }

  /** Binds every column to {@code root}, the rows of batch number {@code batch}. */
  void bind(VectorSchemaRoot root, long batch) {
    for (LeafColumn column : columns) {
      column.bind(root);
    }
    lastBatch = batch;
  }

  void unbind() {
    for (LeafColumn column : columns) {
      column.bind(null);
    }
  }

  /** Writes the bound batch's rows {@code rows[from..to)}, then cuts a row group if it reached its size. */
  void write(int[] rows, int from, int to) throws IOException {
    startRows(lastBatch);
    tasks.run(columns.length, to - from >= PARALLEL_MIN_ROWS, i -> columns[i].write(rows, from, to));
    wrote(to - from);
  }

  /** How many leaf columns each row is written to: {@link #writeColumn} takes 0 .. this - 1. */
  int columnCount() {
    return columns.length;
  }

  /**
   * Before rows of batch number {@code batch} are written column by column ({@link #writeColumn}, possibly on other
   * threads): opens a row group if none is open. On the calling thread.
   */
  void startRows(long batch) {
    if (pages == null) {
      startRowGroup();
    }
    lastBatch = batch;
  }

  /**
   * Writes rows {@code rows[from..to)} of {@code root} into leaf column {@code column} alone. Different columns may be
   * written by different threads at once; {@link #wrote} must follow once every column has them.
   */
  void writeColumn(int column, VectorSchemaRoot root, int[] rows, int from, int to) {
    columns[column].bind(root);
    columns[column].write(rows, from, to);
  }

  /** Every column now has {@code rows} more rows: counts them and cuts a row group if it reached its size. */
  void wrote(int rows) throws IOException {
    rowGroupRows += rows;
    count += rows;
    measured = false;
    lastWriteNanos = System.nanoTime();
    if (bufferedSize() >= settings.rowGroupBytes()) {
      flushRowGroup();
    }
  }

  long rows() {
    return count;
  }

  /** Memory this file holds for its open row group: Arrow page buffers and its writers' Java heap. */
  long memoryBytes() {
    measure();
    return held;
  }

  /** Java heap this file's writers hold (dictionaries, page arrays), a part of {@link #memoryBytes}. */
  long heapBytes() {
    measure();
    return heap;
  }

  private void measure() {
    if (!measured) {
      heap = valuesWriters.heapBytes();
      held = memory.bytes() + heap;
      measured = true;
    }
  }

  long lastBatch() {
    return lastBatch;
  }

  long lastWriteNanos() {
    return lastWriteNanos;
  }

  /** Notes that after this file's last rows, {@code rows} rows had been written by all files of the write. */
  void markRows(long rows) {
    lastRowMark = rows;
  }

  long lastRowMark() {
    return lastRowMark;
  }

  /** Whether a row group is open with rows in it, which {@link #flushRowGroup} would write out. */
  boolean hasRowGroup() {
    return pages != null && rowGroupRows > 0;
  }

  /** Bytes in the file so far plus those buffered for the current row group (compressed pages and open pages). */
  long length() {
    return output.length() + bufferedSize();
  }

  String location() {
    return location;
  }

  /** Closes the file and describes it, with its column metrics, for the commit. */
  DataFile close() throws IOException {
    unbind();
    flushRowGroup();
    writer.end(settings.footer());
    memory.close();
    ParquetMetadata footer = writer.getFooter();
    Metrics metrics = ParquetUtil.footerMetrics(footer,
        java.util.stream.Stream.of(columns).flatMap(c -> c.leaf().metrics()), settings.metrics());
    return DataFiles.builder(table.spec())
        .withPath(location)
        .withFormat(FileFormat.PARQUET)
        .withPartition(partition)
        .withFileSizeInBytes(output.length())
        .withMetrics(metrics)
        .withSplitOffsets(ParquetUtil.getSplitOffsets(footer))
        .build();
  }

  /** Closes the file, ignoring errors: used when it is about to be deleted. */
  void closeQuietly() {
    unbind();
    if (pages != null) {
      pages.close();
      pages = null;
    }
    valuesWriters.rowGroupDone();
    memory.close();
    output.closeQuietly();
  }

  private long bufferedSize() {
    long total = 0;
    for (LeafColumn column : columns) {
      total += column.bufferedSize();
    }
    return total;
  }

  private void startRowGroup() {
    pages = new ColumnChunkPageWriteStore(settings.compressor(), settings.message(),
        properties.getAllocator(), properties.getColumnIndexTruncateLength(),
        properties.getPageWriteChecksumEnabled());
    for (LeafColumn column : columns) {
      column.startRowGroup(properties, pages);
    }
    rowGroupRows = 0;
  }

  /** Writes the open row group to the file: its pages and dictionaries are released, the file stays open. */
  void flushRowGroup() throws IOException {
    if (pages == null) {
      return;
    }
    tasks.run(columns.length, true, this::flushColumn);
    writeRowGroup();
  }

  /**
   * Writes out the open row groups of {@code files} (none of them bound to a batch), their columns in parallel across
   * all of them rather than a file at a time: a file of a few hundred rows is too little work to share.
   */
  static void flushAll(List<FileWriter> files, ColumnTasks tasks) throws IOException {
    List<FileWriter> flushing = new ArrayList<>(files.size());
    for (FileWriter file : files) {
      if (file.pages != null) {
        flushing.add(file);
      }
    }
    if (!flushing.isEmpty()) {
      tasks.run(flushing.get(0).columns.length, true, i -> flushing.forEach(file -> file.flushColumn(i)));
      for (FileWriter file : flushing) {
        file.writeRowGroup();
      }
    }
  }

  /** Closes {@code files} (none of them bound to a batch), their row groups written out together: {@link #flushAll}. */
  static List<DataFile> closeAll(List<FileWriter> files, ColumnTasks tasks) throws IOException {
    flushAll(files, tasks);
    DataFile[] closed = new DataFile[files.size()];
    try {
      // Footers, metrics and the file system's part of closing, several files at a time.
      tasks.run(closed.length, true, i -> {
        try {
          closed[i] = files.get(i).close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return List.of(closed);
  }

  /** Writes the last page and the dictionary page of column {@code i}'s open row group into the page store. */
  private void flushColumn(int i) {
    columns[i].flushRowGroup();
  }

  /** Writes the open row group, whose columns are flushed, to the file and releases its pages. */
  private void writeRowGroup() throws IOException {
    writer.startBlock(rowGroupRows);
    pages.flushToFileWriter(writer);
    writer.endBlock();
    pages.close();
    pages = null;
    valuesWriters.rowGroupDone();
    measured = false;
  }
}
