package dev.logpro.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/** One open Parquet data file of one partition, written row by row from the batch it is bound to. */
final class FileWriter {

  private final DataWriter<RowCursor> writer;
  private final ArrowRowWriter rows;
  private final RowCursor cursor = new RowCursor();
  private final String location;
  private long count;
  private long boundBatch = -1;

  private FileWriter(DataWriter<RowCursor> writer, ArrowRowWriter rows, String location) {
    this.writer = writer;
    this.rows = rows;
    this.location = location;
  }

  /** Opens a new file for {@code partition} ({@code null} when unpartitioned) with the given Parquet settings. */
  static FileWriter open(Table table, PartitionKey partition, String fileName, Map<String, String> settings) {
    String location = partition == null
        ? table.locationProvider().newDataLocation(fileName)
        : table.locationProvider().newDataLocation(table.spec(), partition, fileName);
    OutputFile output = table.io().newOutputFile(location);
    ArrowRowWriter[] built = new ArrowRowWriter[1];
    try {
      DataWriter<RowCursor> writer = Parquet.writeData(output)
          .forTable(table)
          .setAll(settings)
          .withSpec(table.spec())
          .withPartition(partition)
          .createWriterFunc(message -> built[0] = ArrowRowWriter.create(table.schema(), message))
          .overwrite()
          .build();
      return new FileWriter(writer, built[0], location);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open data file " + location, e);
    }
  }

  /** Binds to {@code root} unless already bound to batch number {@code batch}. */
  void bind(VectorSchemaRoot root, long batch) {
    if (boundBatch != batch) {
      rows.bind(root);
      boundBatch = batch;
    }
  }

  void unbind() {
    rows.bind(null);
    boundBatch = -1;
  }

  void add(int row) {
    cursor.row = row;
    writer.write(cursor);
    count++;
  }

  long rows() {
    return count;
  }

  long length() {
    return writer.length();
  }

  String location() {
    return location;
  }

  /** Closes the file and describes it, with its column metrics, for the commit. */
  DataFile close() throws IOException {
    unbind();
    writer.close();
    return writer.toDataFile();
  }

  /** Closes the file, ignoring errors: used when it is about to be deleted. */
  void closeQuietly() {
    try {
      unbind();
      writer.close();
    } catch (IOException | RuntimeException e) {
      // the file is deleted next; a half-written file is no loss
    }
  }
}
