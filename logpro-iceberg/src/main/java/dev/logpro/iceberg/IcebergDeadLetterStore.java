package dev.logpro.iceberg;

import dev.logpro.api.RetriableException;
import dev.logpro.core.dlq.DeadLetterStore;
import dev.logpro.core.dlq.StoredDeadLetter;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

/**
 * The dead letters of an Iceberg dead-letter table, read with Iceberg's own reader. A change rewrites each data
 * file holding a changed dead letter (copy on write) and swaps the old files for the new in one overwrite commit,
 * which fails rather than undo a concurrent change to the same files; dead letters appended meanwhile are untouched.
 */
final class IcebergDeadLetterStore implements DeadLetterStore {
  private final Catalog catalog;
  private final TableIdentifier identifier;

  IcebergDeadLetterStore(Catalog catalog, TableIdentifier identifier) {
    this.catalog = catalog;
    this.identifier = identifier;
  }

  @Override
  public String describe() {
    return "table " + identifier;
  }

  private Table table() {
    if (!catalog.tableExists(identifier)) {
      return null;
    }
    Table table = catalog.loadTable(identifier);
    DeadLetterTable.check(table);
    return table;
  }

  @Override
  public void read(Visitor visitor) throws Exception {
    Table table = table();
    if (table == null || table.currentSnapshot() == null) {
      return;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      for (Record row : rows) {
        visitor.accept(DeadLetterTable.fromRecord(row));
      }
    }
  }

  @Override
  public long update(String pipeline, UnaryOperator<StoredDeadLetter> change) throws Exception {
    Table table = table();
    Snapshot base = table == null ? null : table.currentSnapshot();
    if (base == null) {
      return 0;
    }
    List<DataFile> removed = new ArrayList<>();
    List<DataFile> added = new ArrayList<>();
    long changed = 0;
    try {
      try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(base.snapshotId())
          .filter(Expressions.equal(DeadLetterTable.PIPELINE, pipeline)).planFiles()) {
        for (FileScanTask task : tasks) {
          if (!task.deletes().isEmpty()) {
            throw new IllegalStateException("Cannot change dead letters in " + identifier + ": data file "
                + task.file().location() + " has delete files, which logpro does not write");
          }
          List<Record> rows = new ArrayList<>();
          long changedHere = rewrite(table, task.file(), pipeline, change, rows);
          if (changedHere > 0) {
            changed += changedHere;
            removed.add(task.file());
            if (!rows.isEmpty()) {
              added.add(write(table, task.file(), rows));
            }
          }
        }
      }
      if (removed.isEmpty()) {
        return 0;
      }
      commit(table, base, removed, added);
      return changed;
    } catch (CommitStateUnknownException e) {
      throw e;
    } catch (Exception | Error e) {
      added.forEach(file -> table.io().deleteFile(file.location()));
      if (Transience.isTransient(e)) {
        throw new RetriableException("Cannot change dead letters in " + identifier + ": " + Transience.describe(e), e);
      }
      throw e;
    }
  }

  /** Reads {@code file}, applying {@code change} to the pipeline's rows; fills {@code kept}; returns how many changed. */
  private static long rewrite(Table table, DataFile file, String pipeline, UnaryOperator<StoredDeadLetter> change,
      List<Record> kept) throws IOException {
    long changed = 0;
    try (CloseableIterable<Record> rows = Parquet.read(table.io().newInputFile(file.location()))
        .project(table.schema())
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(table.schema(), fileSchema))
        .build()) {
      for (Record row : rows) {
        StoredDeadLetter now = DeadLetterTable.fromRecord(row);
        StoredDeadLetter next = Objects.equals(now.pipeline(), pipeline) ? change.apply(now) : now;
        if (next == now) {
          kept.add(row.copy());
        } else {
          changed++;
          if (next != null) {
            kept.add(DeadLetterTable.toRecord(next, table.schema()));
          }
        }
      }
    }
    return changed;
  }

  /** A new data file holding {@code rows}, in the partition of the file it replaces. */
  private static DataFile write(Table table, DataFile replaced, List<Record> rows) throws IOException {
    String location = table.locationProvider().newDataLocation(table.specs().get(replaced.specId()),
        replaced.partition(), "dlq-" + UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(location))
        .forTable(table)
        .withSpec(table.specs().get(replaced.specId()))
        .withPartition(replaced.partition())
        .createWriterFunc(GenericParquetWriter::create)
        .overwrite()
        .build();
    try (writer) {
      for (Record row : rows) {
        writer.write(row);
      }
    }
    return writer.toDataFile();
  }

  /**
   * Swaps the files. An unknown outcome is passed on as it is: every change a replay makes can be made again, so the
   * next replay repairs either outcome.
   */
  private static void commit(Table table, Snapshot base, List<DataFile> removed, List<DataFile> added) {
    OverwriteFiles overwrite = table.newOverwrite().validateFromSnapshot(base.snapshotId());
    removed.forEach(overwrite::deleteFile);
    added.forEach(overwrite::addFile);
    overwrite.commit();
  }

  @Override
  public void close() throws IOException {
    if (catalog instanceof Closeable closeable) {
      closeable.close();
    }
  }
}
