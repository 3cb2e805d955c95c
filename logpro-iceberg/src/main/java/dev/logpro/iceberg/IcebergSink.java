package dev.logpro.iceberg;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Position;
import dev.logpro.api.RetriableException;
import dev.logpro.api.Sink;
import dev.logpro.api.Transactional;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches as Parquet data files of an Iceberg table and, on {@link #commit}, appends them in one Iceberg
 * commit that also records the pipeline's source positions ({@link TablePositions}). Files are invisible until then;
 * a crash before the commit leaves only unreferenced files, and the positions restored after it cover exactly the
 * rows in the table.
 */
final class IcebergSink implements Sink, Transactional {

  private static final Logger LOG = LoggerFactory.getLogger(IcebergSink.class);
  private static final long MIB = 1024L * 1024L;
  private static final int ZSTD_LEVEL = 3;
  private static final int SWEEP_EVERY_COMMITS = 64;

  private final IcebergSinkConfig config;
  /** The sink's Arrow memory, where open files keep their Parquet page buffers. */
  private BufferAllocator allocator;
  private final TableIdentifier identifier;
  private List<PartitionSpecs.Term> partitionTerms = List.of();
  private final Map<String, TablePositions.Committed> committed = new HashMap<>();
  /** Pipelines whose commit this run has recorded beside their positions. */
  private final Set<String> marked = new HashSet<>();
  /** Commits since the last sweep of merged-away positions files. */
  private int commitsSinceSweep;
  private long targetFileBytes;
  private int rollCheckRows = 16_384;
  private int writerThreads = Runtime.getRuntime().availableProcessors();
  private int maxOpenFiles;
  private Catalog catalog;
  private Table table;
  private final SchemaEvolution evolution = new SchemaEvolution();
  private PartitionedWriters writers;
  private String failure;
  /** Data files closed for a commit that has not succeeded yet; a retried commit adds them again. */
  private final List<DataFile> pending = new ArrayList<>();
  /**
   * The last commit, when it failed in a way that may still have landed: a catalog that went away mid-update
   * reports a plain SQL error even if its update was applied. The next commit looks for it first, so its files are
   * not appended twice.
   */
  private Attempt unresolved;

  /** A commit made but not known to have landed. */
  private record Attempt(String commitId, String pipelineId, List<DataFile> files, TablePositions.Committed positions,
      List<String> positionFiles) {}

  IcebergSink(IcebergSinkConfig config) {
    this.config = config;
    this.identifier = IcebergTables.identifier(config);
    this.targetFileBytes = config.file_size_mb() * MIB;
    this.maxOpenFiles = config.max_open_files();
  }

  /** For tests: roll files at {@code bytes}, checking every {@code everyRows} rows. */
  IcebergSink rollAt(long bytes, int everyRows) {
    this.targetFileBytes = bytes;
    this.rollCheckRows = everyRows;
    return this;
  }

  /** For tests and benchmarks: encode the columns of a batch on up to {@code threads} threads (1: the caller's). */
  IcebergSink writerThreads(int threads) {
    this.writerThreads = threads;
    return this;
  }

  /** For tests: Java heap of the open files reserved in the memory budget now. */
  long reservedHeapBytes() {
    return writers == null ? 0 : writers.reservedHeapBytes();
  }

  /** For tests: how many data files are open now. */
  int openFiles() {
    return writers == null ? 0 : writers.openFiles();
  }

  /** For tests: keep at most {@code files} partition files open at once. */
  IcebergSink maxOpenFiles(int files) {
    this.maxOpenFiles = files;
    return this;
  }

  @Override
  public void open(ComponentContext context) throws Exception {
    this.allocator = context.allocator();
    this.partitionTerms = PartitionSpecs.parse(config.partition_by());
    this.catalog = Catalogs.open(config);
    loadTable();
    if (table != null && !partitionTerms.isEmpty()) {
      PartitionSpec wanted = PartitionSpecs.toSpec(partitionTerms, table.schema());
      if (!wanted.compatibleWith(table.spec())) {
        LOG.warn("Table {} is partitioned by {}, not by sink.iceberg.partition_by {}; keeping the table's spec",
            identifier, table.spec(), config.partition_by());
      }
    }
  }

  /** The table's schema, with the columns added and types widened by batches not yet committed. */
  @Override
  public Optional<Schema> existingSchema() {
    return table == null ? Optional.empty() : Optional.of(evolution.arrowSchema(table));
  }

  @Override
  public void write(VectorSchemaRoot batch) throws Exception {
    if (failure != null) {
      throw new IllegalStateException("Cannot write to " + identifier + ": an earlier write failed: " + failure);
    }
    try {
      if (table == null) {
        createTable(batch.getSchema());
      }
      if (batch.getRowCount() == 0) {
        return;
      }
      if (evolution.stage(table, batch.getSchema())) {
        // Files written so far keep the schema they were written with; new ones carry the added columns.
        pending.addAll(closeFiles());
        writers = null;
      }
      if (writers == null) {
        writers = new PartitionedWriters(
            evolution.writeTable(table), parquetSettings(), targetFileBytes, rollCheckRows, maxOpenFiles,
            writerThreads, allocator);
      }
      writers.write(batch);
    } catch (Exception | Error e) {
      failure = String.valueOf(e.getMessage());
      if (writers != null) {
        writers.abort();
      }
      throw e;
    }
  }

  /** Nothing to do: rows become durable, together with positions, only through {@link #commit}. */
  @Override
  public void flush() {}

  @Override
  public Map<String, Position> restorePositions(String pipelineId) {
    if (table == null) {
      loadTable();
    } else {
      table.refresh();
    }
    TablePositions.Committed restored = table == null
        ? TablePositions.Committed.NONE : TablePositions.restore(table, pipelineId);
    committed.put(pipelineId, restored);
    if (table != null) {
      sweep(pipelineId);
    }
    return restored.positions();
  }

  /** Forgets what {@code pipelineId} committed: its next commit records only the positions it is given. */
  @Override
  public void resetPositions(String pipelineId) {
    if (table == null) {
      loadTable();
    }
    long seq = 0;
    if (table != null) {
      PositionsPointer pointer = PositionsPointer.parse(table.properties().get(TablePositions.propertyKey(pipelineId)),
          "table property " + TablePositions.propertyKey(pipelineId));
      seq = pointer == null ? 0 : pointer.seq();
      LOG.warn("Pipeline {} starts from scratch on table {}: every input is read again", pipelineId, identifier);
    }
    committed.put(pipelineId, new TablePositions.Committed(Map.of(), null, seq));
  }

  @Override
  public Commit commit(String pipelineId, Map<String, Position> positions) throws Exception {
    if (failure != null) {
      throw new IllegalStateException(
          "Cannot commit to " + identifier + ": a write failed since the last commit (" + failure + ")");
    }
    if (table == null) {
      if (!positions.isEmpty()) {
        LOG.warn("Not recording positions of pipeline {}: table {} has no rows yet", pipelineId, identifier);
      }
      return Commit.NONE;
    }
    Commit landedEarlier = resolveUnresolved();
    TablePositions.Committed previous = committed.containsKey(pipelineId)
        ? committed.get(pipelineId)
        : restored(pipelineId);
    Map<String, Position> merged = new HashMap<>(previous.positions());
    merged.putAll(positions);
    pending.addAll(closeFiles());
    List<DataFile> files = List.copyOf(pending);
    if (files.isEmpty() && merged.equals(previous.positions())
        && (previous.pointer() != null || merged.isEmpty())) {
      return landedEarlier == null ? Commit.NONE : landedEarlier;
    }
    String commitId = UUID.randomUUID().toString();
    TablePositions.Prepared prepared = preparePositions(pipelineId, previous, positions, merged, commitId);
    try {
      // Positions, and schema changes if any, go into the same Iceberg transaction as the data: all land or none.
      Transaction transaction = evolution.hasChanges() ? evolution.replay(table) : table.newTransaction();
      String pointer = prepared.next().pointer().toJson();
      AppendFiles append = transaction.newAppend();
      files.forEach(append::appendFile);
      append.set(TablePositions.summaryRefKey(pipelineId), pointer)
          .set(TablePositions.COMMIT_ID, commitId)
          .set(TablePositions.PIPELINE, pipelineId);
      append.commit();
      transaction.updateProperties().set(TablePositions.propertyKey(pipelineId), pointer).commit();
      transaction.commitTransaction();
    } catch (CommitStateUnknownException e) {
      Boolean landed = landed(pipelineId, commitId);
      if (landed == null) {
        failure = "commit outcome unknown: " + e.getMessage();
        unresolved = new Attempt(commitId, pipelineId, files, prepared.next(), prepared.written());
        throw e;
      }
      if (!landed) {
        TablePositions.deleteQuietly(table.io(), prepared.written());
        throw new RetriableException("Cannot commit to " + identifier + ": outcome unknown, and it is not in the"
            + " table (" + e.getMessage() + ")", e);
      }
      LOG.warn("Commit {} to {} reported an unknown outcome but is in the table", commitId, identifier);
    } catch (RuntimeException e) {
      if (Transience.isTransient(e)) {
        // The files stay pending: the same commit can be made again once the catalog answers, unless this one
        // landed after all, which the next attempt checks first.
        unresolved = new Attempt(commitId, pipelineId, files, prepared.next(), prepared.written());
        throw new RetriableException("Cannot commit to " + identifier + ": " + Transience.describe(e), e);
      }
      failure = "commit failed: " + e.getMessage();
      TablePositions.deleteQuietly(table.io(), prepared.written());
      deletePending();
      throw e;
    }
    pending.clear();
    if (evolution.hasChanges()) {
      table.refresh();
      evolution.committed();
      writers = null;
      LOG.info("Evolved the schema of {} with the data of commit {}: {}", identifier, commitId, table.schema());
    }
    committed.put(pipelineId, prepared.next());
    markCommitted(pipelineId);
    if (++commitsSinceSweep >= SWEEP_EVERY_COMMITS) {
      sweep(pipelineId);
    }
    return described(commitId, files);
  }

  private TablePositions.Committed restored(String pipelineId) {
    restorePositions(pipelineId);
    return committed.get(pipelineId);
  }

  private TablePositions.Prepared preparePositions(String pipelineId, TablePositions.Committed previous,
      Map<String, Position> given, Map<String, Position> merged, String commitId) throws IOException {
    try {
      return TablePositions.prepare(table, pipelineId, previous, given, merged, commitId);
    } catch (IOException | RuntimeException e) {
      if (Transience.isTransient(e)) {
        throw new RetriableException("Cannot write the positions of " + pipelineId + " to " + identifier + ": "
            + Transience.describe(e), e);
      }
      throw e;
    }
  }

  /** Records once per run that the pipeline has committed (see {@link TablePositions#markCommitted}). */
  private void markCommitted(String pipelineId) {
    if (marked.add(pipelineId)) {
      try {
        TablePositions.markCommitted(table, pipelineId);
      } catch (IOException | RuntimeException e) {
        marked.remove(pipelineId);
        LOG.warn("Cannot record that pipeline {} committed to {}: {}", pipelineId, identifier, e.getMessage());
      }
    }
  }

  /** Deletes positions files nothing refers to any more; a failure only delays that to the next sweep. */
  private void sweep(String pipelineId) {
    commitsSinceSweep = 0;
    try {
      int deleted = TablePositions.sweep(table, pipelineId);
      if (deleted > 0) {
        LOG.debug("Deleted {} positions files of pipeline {} that nothing refers to", deleted, pipelineId);
      }
    } catch (RuntimeException e) {
      LOG.warn("Cannot clean up old positions files of pipeline {}: {}", pipelineId, e.getMessage());
    }
  }

  /**
   * Settles the last commit if it failed with an outcome that was not certain: landed (its files and positions count
   * as committed, and it is returned) or not (made again with the next commit; {@code null}). Throws a retriable
   * failure while the table cannot be read to tell.
   */
  private Commit resolveUnresolved() {
    if (unresolved == null) {
      return null;
    }
    Attempt attempt = unresolved;
    Boolean landed = landed(attempt.pipelineId(), attempt.commitId());
    if (landed == null) {
      throw new RetriableException("Cannot commit to " + identifier + ": cannot tell yet whether the previous"
          + " attempt, " + attempt.commitId() + ", landed", null);
    }
    unresolved = null;
    if (!landed) {
      TablePositions.deleteQuietly(table.io(), attempt.positionFiles());
      return null;
    }
    LOG.warn("Commit {} to {} failed as it was made, yet it is in the table", attempt.commitId(), identifier);
    pending.removeAll(attempt.files());
    committed.put(attempt.pipelineId(), attempt.positions());
    return described(attempt.commitId(), attempt.files());
  }

  private Commit described(String commitId, List<DataFile> files) {
    Snapshot snapshot = TablePositions.byCommitId(SnapshotUtil.currentAncestors(table), commitId);
    long rows = files.stream().mapToLong(DataFile::recordCount).sum();
    long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
    String id = snapshot == null ? null : Long.toString(snapshot.snapshotId());
    return new Commit(id, files.size(), rows, bytes);
  }

  /**
   * How often the engine should call {@link #commit}, from {@code commit_interval_s}. The sink never commits on its
   * own: rows and positions become visible only together, when the engine asks.
   */
  @Override
  public long commitIntervalMillis() {
    return config.commit_interval_s() * 1000L;
  }

  @Override
  public void close() throws Exception {
    try {
      if (writers != null) {
        writers.abort();
        writers = null;
      }
      if (table != null) {
        keepFilesThatMayHaveLanded();
        deletePending();
      }
    } finally {
      if (catalog instanceof Closeable closeable) {
        closeable.close();
      }
      catalog = null;
    }
  }

  private List<DataFile> closeFiles() throws IOException {
    if (writers == null) {
      return List.of();
    }
    try {
      return writers.closeAll();
    } catch (IOException | RuntimeException e) {
      failure = "cannot close data files: " + e.getMessage();
      writers.abort();
      throw e;
    }
  }

  /** Whether the commit with {@code commitId} is in the table; {@code null} if the table cannot be read to tell. */
  private Boolean landed(String pipelineId, String commitId) {
    try {
      table.refresh();
      return TablePositions.landed(table, pipelineId, commitId);
    } catch (RuntimeException e) {
      LOG.warn("Cannot check whether commit {} to {} landed: {}", commitId, identifier, e.getMessage());
      return null;
    }
  }

  /** Takes the files of an unresolved commit out of {@link #pending} unless it is known not to have landed. */
  private void keepFilesThatMayHaveLanded() {
    if (unresolved != null) {
      Boolean landed = landed(unresolved.pipelineId(), unresolved.commitId());
      if (!Boolean.FALSE.equals(landed)) {
        pending.removeAll(unresolved.files());
        if (landed == null) {
          LOG.warn("Keeping the {} data files of commit {} to {}: cannot tell whether it landed",
              unresolved.files().size(), unresolved.commitId(), identifier);
        }
      }
      unresolved = null;
    }
  }

  /** Deletes data files that were closed but never committed. */
  private void deletePending() {
    for (DataFile file : pending) {
      try {
        table.io().deleteFile(file.location());
      } catch (RuntimeException e) {
        LOG.warn("Cannot delete uncommitted data file {}: {}", file.location(), e.getMessage());
      }
    }
    pending.clear();
  }

  /** The table, for tests. */
  Table table() {
    return table;
  }

  private void loadTable() {
    if (catalog.tableExists(identifier)) {
      table = catalog.loadTable(identifier);
    }
  }

  private void createTable(Schema arrowSchema) {
    org.apache.iceberg.Schema schema = ArrowSchemas.toIceberg(arrowSchema);
    PartitionSpec spec = PartitionSpecs.toSpec(partitionTerms, schema);
    if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(identifier.namespace())) {
      try {
        namespaces.createNamespace(identifier.namespace());
      } catch (AlreadyExistsException e) {
        LOG.debug("Namespace {} was created concurrently", identifier.namespace());
      }
    }
    Map<String, String> properties = new HashMap<>(parquetSettings());
    properties.put(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(config.file_size_mb() * MIB));
    // Each commit writes a metadata.json listing every snapshot, and Iceberg keeps every old one unless told to
    // delete those beyond write.metadata.previous-versions-max (100): a pipeline committing every minute would
    // otherwise leave gigabytes a day of metadata files that nothing reads.
    properties.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    try {
      table = catalog.createTable(identifier, schema, spec, properties);
      LOG.info("Created table {} partitioned by {}", identifier, table.spec());
    } catch (AlreadyExistsException e) {
      table = catalog.loadTable(identifier);
    }
  }

  private Map<String, String> parquetSettings() {
    Map<String, String> settings = new HashMap<>();
    settings.put(TableProperties.PARQUET_COMPRESSION, config.compression().name().toLowerCase(Locale.ROOT));
    if (config.compression() == IcebergSinkConfig.Compression.ZSTD) {
      settings.put(TableProperties.PARQUET_COMPRESSION_LEVEL, Integer.toString(ZSTD_LEVEL));
    }
    return settings;
  }
}
