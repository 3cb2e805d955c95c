package dev.logpro.iceberg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/**
 * Routes the rows of each batch to one open file per partition (all rows of a partition at once, a slice of
 * {@code checkEveryRows} at a time), rolls a file when it reaches the target size, and collects the finished files
 * until the next commit. What open files hold stays bounded whatever the number of partitions:
 *
 * <ul>
 *   <li>at most {@code maxOpen} files are open ({@code sink.iceberg.max_open_files}); a new partition closes the least
 *       recently used one;
 *   <li>a file whose partition got none of the last {@value #IDLE_ROWS} rows, or no rows for {@link #idleNanos}, is
 *       closed (a time-sorted input leaves its old partitions behind);
 *   <li>after each batch, if the open files hold more than their share of the memory budget ({@link OpenFilesMemory}),
 *       memory is freed: first by closing files that took no rows from this batch, least recently used first, then by
 *       writing out the open row group of the file holding most (its pages and dictionaries go, the file stays open).
 * </ul>
 *
 * The rows of all the files a batch touches are written at once, a task per leaf column ({@link #writeParts}).
 *
 * <p>When one batch brings rows to more than {@value #DIRECT_PARTITIONS} partitions, or to more than may be open (a
 * shuffled input), writing it straight into the files would open a row group per partition within the batch and the
 * least-recently-used rule would make a file per partition per batch; the batches are then kept instead, reordered by
 * partition ({@link FanOut}), and written in rounds: each partition's rows of the round as one row group of its file,
 * the files kept open between rounds up to {@code maxOpen}.
 *
 * <p>A file closed early is committed with the next commit like any other; compaction can merge small ones later.
 */
final class PartitionedWriters {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionedWriters.class);

  private static final PartitionKey UNPARTITIONED = null;
  /**
   * How many rows may go to other partitions before a file that got none of them is closed. A shuffled input brings
   * each of a few thousand partitions a row every few thousand rows; a time-sorted one leaves a partition for good,
   * and an open file's dictionaries cost as much for a few rows as for many.
   */
  private static final long IDLE_ROWS = 32_768;
  /**
   * The most partitions one batch may bring rows to and still be written straight into their files. Each file then
   * opens a row group (column writers, dictionaries, page buffers) within the batch, before the memory check after it,
   * and each value goes to another file's dictionary. Past it {@link FanOut}'s rounds write each partition's rows in
   * one go. Measured on the 5M-event CSV, one run each: a time-sorted {@code hour(ts)} (a few partitions a batch) is
   * faster straight (14.1 s against 15.2 s in rounds); for {@code bucket[16](user_id)} + {@code day(ts)} time-sorted
   * (16 to 32 a batch) rounds measured 14.3 s against 17.2 s outside the harness, but 16.1 s against 15.5 s straight
   * in two harness runs an hour apart: within this machine's noise, not settled.
   */
  static final int DIRECT_PARTITIONS = 16;
  /** The most files, and rows, a round writes at once: their row groups are all open meanwhile. */
  private static final int TOGETHER_FILES = 64;
  private static final long TOGETHER_ROWS = 32_768;
  /** How long a file may go without rows before it is closed. */
  private static final long IDLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

  private final Table table;
  private final DataFileSettings settings;
  /** Where open files keep their page buffers (the sink's Arrow allocator). */
  private final BufferAllocator allocator;
  private final ColumnTasks tasks;
  private final long targetBytes;
  private final int checkEveryRows;
  private final int maxOpen;
  private final String writeId = UUID.randomUUID().toString();
  private final LinkedHashMap<PartitionKey, FileWriter> open = new LinkedHashMap<>(16, 0.75f, true);
  private final OpenFilesMemory memory;
  /** Set once more partitions get rows at once than files may be open: batches are then kept and written in rounds. */
  private FanOut fanOut;
  /** Files closed for another partition while still getting rows. */
  private int evictedBusy;
  private long idleNanos = IDLE_NANOS;
  private final List<DataFile> done = new ArrayList<>();
  private final List<String> doneLocations = new ArrayList<>();
  private final Partitioner partitioner;
  private final PartitionKey probe;
  private FileWriter single;
  private int[] identity = new int[0];
  private long batches;
  /** Rows written so far, by all files: the clock {@link #IDLE_ROWS} is measured on. */
  private long rowsWritten;
  private int fileCount;

  PartitionedWriters(Table table, Map<String, String> settings, long targetBytes, int checkEveryRows, int maxOpen,
      int threads, BufferAllocator allocator) {
    this.table = table;
    this.allocator = allocator;
    this.settings = DataFileSettings.of(table, settings);
    this.tasks = new ColumnTasks(threads);
    this.targetBytes = targetBytes;
    this.checkEveryRows = checkEveryRows;
    this.maxOpen = maxOpen;
    boolean partitioned = table.spec().isPartitioned();
    this.partitioner = partitioned ? new Partitioner(table.spec()) : null;
    this.probe = partitioned ? new PartitionKey(table.spec(), table.schema()) : null;
    this.memory = new OpenFilesMemory(allocator);
  }

  long reservedHeapBytes() {
    return memory.reservedBytes();
  }

  /** How many files are open. */
  int openFiles() {
    return open.size() + (single == null ? 0 : 1);
  }

  /** For tests: how long a file may go without rows before it is closed. */
  PartitionedWriters idleAfter(long nanos) {
    this.idleNanos = nanos;
    return this;
  }

  /** Writes every row of {@code root}; nothing refers to its vectors once this returns. */
  void write(VectorSchemaRoot root) throws IOException {
    checkColumns(root);
    long batch = ++batches;
    int rows = root.getRowCount();
    closeIdle();
    try {
      if (partitioner == null) {
        Group all = new Group(UNPARTITIONED, identity(rows), rows);
        writeGroups(root, batch, List.of(all));
      } else {
        List<Group> groups = group(root, rows);
        if (fanOut == null && (groups.size() > Math.min(maxOpen, DIRECT_PARTITIONS) || evictedBusy > maxOpen)) {
          startFanOut(groups.size());
        }
        if (fanOut != null) {
          keep(root, batch, groups);
        } else {
          writeGroups(root, batch, groups);
        }
      }
    } finally {
      if (single != null) {
        single.unbind();
      }
      for (FileWriter writer : open.values()) {
        writer.unbind();
      }
      if (partitioner != null) {
        partitioner.bind(null);
      }
    }
    if (fanOut != null) {
      if (fanOut.bytes() > roundBytes()) {
        drainFanOut();
      }
      return;
    }
    keepWithinMemory(batch);
  }

  /**
   * What the batches kept for a round may hold: half the budget, the sink's own share. Between rounds the open files
   * hold no row group, so the round may take their quarter and the quarter kept for writing; a round's row groups being
   * written and the batch being copied go past it into the budget's common part. Larger rounds make larger row groups
   * (3/8 of the budget made 13,748 files of a shuffled hour(ts) input, and took 10% longer, against 10,336).
   */
  private long roundBytes() {
    return memory.limit() * 2;
  }

  /**
   * From now on, batches are kept and written partition by partition ({@link FanOut}): a batch's rows went to more
   * than {@value #DIRECT_PARTITIONS} partitions or more than files may be open, or files still getting rows were
   * closed for others more than that many times.
   * The open files stay open; their row groups are written out, since from now on a file holds a row group only while
   * a round writes it.
   */
  private void startFanOut(int partitions) throws IOException {
    LOG.info("Writing partitions in rounds: {} partitions got rows of one batch (sink.iceberg.max_open_files: {})",
        partitions, maxOpen);
    FileWriter.flushAll(List.copyOf(open.values()), tasks);
    memory.cover(0);
    fanOut = new FanOut(allocator);
  }

  private void keep(VectorSchemaRoot root, long batch, List<Group> groups) {
    fanOut.add(root, batch, groups.stream().map(g -> new FanOut.Rows(g.key, g.rows, g.size)).toList());
  }

  /**
   * Writes each kept partition's rows into its open file as one row group (rolling the file at the target size),
   * then frees the batches. Files stay open for the next round, up to {@code max_open_files}, least recently used
   * closed first, and hold nothing between rounds but their footers' metadata. Partitions with few rows are written
   * many at a time, the columns of all their files in parallel; one with more than a slice is written on its own.
   */
  private void drainFanOut() throws IOException {
    long roundStart = rowsWritten;
    try {
      List<Map.Entry<PartitionKey, List<FanOut.Slice>>> few = new ArrayList<>();
      int chunk = Math.min(TOGETHER_FILES, maxOpen);
      long fewRows = 0;
      for (Map.Entry<PartitionKey, List<FanOut.Slice>> partition : openFirst(fanOut.partitions())) {
        long rows = 0;
        for (FanOut.Slice slice : partition.getValue()) {
          rows += slice.size();
        }
        if (rows > checkEveryRows) {
          drainOne(partition.getKey(), partition.getValue());
          continue;
        }
        few.add(partition);
        fewRows += rows;
        // Files written together hold their row groups (pages, dictionaries) at once: a few slices' worth at most.
        if (few.size() == chunk || fewRows >= TOGETHER_ROWS) {
          drainTogether(few);
          few.clear();
          fewRows = 0;
        }
      }
      drainTogether(few);
    } finally {
      fanOut.clear();
    }
    // Every partition of the round got rows in it: none is idle before the next round, whatever its place in it.
    for (FileWriter writer : open.values()) {
      if (writer.lastRowMark() > roundStart) {
        writer.markRows(rowsWritten);
      }
    }
  }

  /**
   * The round's partitions, those with an open file first: with more partitions than files may stay open, a file
   * opened for a new partition then closes one already written this round (the least recently used), not one the
   * round has yet to write to, so each round appends to as many open files as there are.
   */
  private List<Map.Entry<PartitionKey, List<FanOut.Slice>>> openFirst(Map<PartitionKey, List<FanOut.Slice>> round) {
    List<Map.Entry<PartitionKey, List<FanOut.Slice>>> ordered = new ArrayList<>(round.size());
    List<Map.Entry<PartitionKey, List<FanOut.Slice>>> unopened = new ArrayList<>();
    for (Map.Entry<PartitionKey, List<FanOut.Slice>> partition : round.entrySet()) {
      (open.containsKey(partition.getKey()) ? ordered : unopened).add(partition);
    }
    ordered.addAll(unopened);
    return ordered;
  }

  /** Writes each of {@code partitions}' few rows into its file, all at once, and writes out their row groups. */
  private void drainTogether(List<Map.Entry<PartitionKey, List<FanOut.Slice>>> partitions) throws IOException {
    if (partitions.isEmpty()) {
      return;
    }
    List<FileWriter> writers = new ArrayList<>(partitions.size());
    List<Part> parts = new ArrayList<>();
    openAll(partitions.stream().map(Map.Entry::getKey).toList());
    for (Map.Entry<PartitionKey, List<FanOut.Slice>> partition : partitions) {
      FileWriter writer = writerFor(partition.getKey());
      writers.add(writer);
      for (FanOut.Slice slice : partition.getValue()) {
        parts.add(new Part(writer, slice.root(), slice.batch(), identity(slice.root().getRowCount()), slice.start(),
            slice.start() + slice.size()));
        rowsWritten += slice.size();
      }
      writer.markRows(rowsWritten);
    }
    try {
      writeParts(parts);
    } finally {
      writers.forEach(FileWriter::unbind);
    }
    FileWriter.flushAll(writers, tasks);
    for (int i = 0; i < writers.size(); i++) {
      retireIfFull(partitions.get(i).getKey(), writers.get(i));
    }
  }

  /** Writes one partition's many kept rows into its file, a slice at a time, then writes out its row group. */
  private void drainOne(PartitionKey key, List<FanOut.Slice> slices) throws IOException {
    FileWriter writer = null;
    for (FanOut.Slice slice : slices) {
      int[] rows = identity(slice.root().getRowCount());
      int end = slice.start() + slice.size();
      for (int from = slice.start(); from < end; ) {
        writer = writerFor(key);
        int to = Math.min(end, from + checkEveryRows);
        try {
          writeParts(List.of(new Part(writer, slice.root(), slice.batch(), rows, from, to)));
        } finally {
          writer.unbind();
        }
        rowsWritten += to - from;
        writer.markRows(rowsWritten);
        from = to;
        if (retireIfFull(key, writer)) {
          writer = null;
        }
      }
    }
    if (writer != null) {
      writer.flushRowGroup();
    }
  }

  /** Closes {@code writer}, the open file of {@code key}, if it reached the target size; true if it did. */
  private boolean retireIfFull(PartitionKey key, FileWriter writer) throws IOException {
    if (writer.length() < targetBytes) {
      return false;
    }
    if (key == UNPARTITIONED) {
      single = null;
    } else {
      open.remove(key);
    }
    writer.unbind();
    finish(writer);
    return true;
  }

  /** Rows {@code rows[from..to)} of {@code root}, for one file. */
  private record Part(FileWriter writer, VectorSchemaRoot root, long batch, int[] rows, int from, int to) {}

  /**
   * Writes every part, the columns of all their files in parallel: a task per leaf column writes that column of every
   * part, so a batch spread over many partitions, a few rows each, keeps all threads busy. Each file then counts its
   * rows and cuts its row group if full.
   */
  private void writeParts(List<Part> parts) throws IOException {
    int total = 0;
    for (Part part : parts) {
      part.writer.startRows(part.batch);
      total += part.to - part.from;
    }
    int columns = parts.get(0).writer.columnCount();
    tasks.run(columns, total >= FileWriter.PARALLEL_MIN_ROWS, i -> {
      for (Part part : parts) {
        part.writer.writeColumn(i, part.root, part.rows, part.from, part.to);
      }
    });
    FileWriter last = null;
    int rows = 0;
    for (Part part : parts) {
      if (part.writer != last) {
        if (last != null) {
          last.wrote(rows);
        }
        last = part.writer;
        rows = 0;
      }
      rows += part.to - part.from;
    }
    last.wrote(rows);
  }

  /**
   * Closes the files that got none of the last {@value #IDLE_ROWS} rows, or no rows for {@link #idleNanos}: a
   * partition a time-sorted input has left behind, or one that gets rows rarely.
   */
  private void closeIdle() throws IOException {
    long now = System.nanoTime();
    List<FileWriter> idle = new ArrayList<>();
    for (Iterator<FileWriter> it = open.values().iterator(); it.hasNext(); ) {
      FileWriter writer = it.next();
      if (now - writer.lastWriteNanos() > idleNanos || rowsWritten - writer.lastRowMark() > IDLE_ROWS) {
        it.remove();
        idle.add(writer);
      }
    }
    done.addAll(FileWriter.closeAll(idle, tasks));
  }

  /** Frees memory until the open files hold no more than their share and the budget covers their heap. */
  private void keepWithinMemory(long batch) throws IOException {
    while (true) {
      long heap = 0;
      long held = 0;
      if (single != null) {
        heap += single.heapBytes();
        held += single.memoryBytes();
      }
      for (FileWriter writer : open.values()) {
        heap += writer.heapBytes();
        held += writer.memoryBytes();
      }
      // The heap is reserved where the budget has room: the sink's share is its own, so a budget filled by batches
      // in flight does not make it write out row groups early (those batches wait for the sink, not the reverse).
      memory.cover(heap);
      if (held <= memory.limit() || !freeSome(batch)) {
        return;
      }
    }
  }

  /**
   * Closes the least recently used file that took no rows from {@code batch}, or else writes out the row group of the
   * file holding most; false when there is nothing to free.
   */
  private boolean freeSome(long batch) throws IOException {
    for (Iterator<FileWriter> it = open.values().iterator(); it.hasNext(); ) {
      FileWriter writer = it.next();
      if (writer.lastBatch() != batch) {
        it.remove();
        finish(writer);
        return true;
      }
    }
    FileWriter largest = single != null && single.hasRowGroup() ? single : null;
    for (FileWriter writer : open.values()) {
      if (writer.hasRowGroup() && (largest == null || writer.memoryBytes() > largest.memoryBytes())) {
        largest = writer;
      }
    }
    if (largest == null) {
      return false;
    }
    largest.flushRowGroup();
    return true;
  }

  /**
   * Writes each group's rows into its partition's open file, every group's next slice of up to {@code checkEveryRows}
   * rows at once ({@link #writeParts}), rolling a file when a slice takes it past the target size.
   */
  private void writeGroups(VectorSchemaRoot root, long batch, List<Group> groups) throws IOException {
    List<Part> parts = new ArrayList<>(groups.size());
    List<PartitionKey> keys = new ArrayList<>(groups.size());
    for (int from = 0; ; from += checkEveryRows) {
      parts.clear();
      keys.clear();
      for (Group group : groups) {
        if (from < group.size) {
          keys.add(group.key);
          FileWriter writer = group.key == UNPARTITIONED ? unpartitioned() : writerFor(group.key);
          parts.add(new Part(writer, root, batch, group.rows, from, Math.min(group.size, from + checkEveryRows)));
        }
      }
      if (parts.isEmpty()) {
        return;
      }
      writeParts(parts);
      for (Part part : parts) {
        rowsWritten += part.to - part.from;
        part.writer.markRows(rowsWritten);
      }
      for (int i = 0; i < parts.size(); i++) {
        retireIfFull(keys.get(i), parts.get(i).writer);
      }
    }
  }

  private FileWriter unpartitioned() {
    if (single == null) {
      single = newWriter(UNPARTITIONED);
    }
    return single;
  }

  /** The rows of each partition in {@code root}, partitions in order of first appearance. */
  private List<Group> group(VectorSchemaRoot root, int rows) {
    partitioner.bind(root);
    Map<Values, Group> groups = new LinkedHashMap<>();
    Values probe = new Values(new Object[partitioner.size()]);
    Group current = null;
    for (int row = 0; row < rows; row++) {
      partitioner.partition(row, probe.values);
      if (current == null || !Arrays.equals(probe.values, current.values.values)) {
        probe.rehash();
        current = groups.get(probe);
        if (current == null) {
          Values values = probe.copy();
          current = new Group(keyOf(values.values), values);
          groups.put(values, current);
        }
      }
      current.add(row);
    }
    return List.copyOf(groups.values());
  }

  /** A row's partition values, as a map key: looked up through one reused instance, copied only when new. */
  private static final class Values {
    final Object[] values;
    private int hash;

    Values(Object[] values) {
      this.values = values;
      rehash();
    }

    void rehash() {
      hash = Arrays.hashCode(values);
    }

    Values copy() {
      return new Values(values.clone());
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Values v && v.hash == hash && Arrays.equals(v.values, values);
    }
  }

  /** The rows of one partition within a batch. */
  private static final class Group {
    final PartitionKey key;
    final Values values;
    int[] rows = new int[64];
    int size;

    Group(PartitionKey key, Values values) {
      this.key = key;
      this.values = values;
    }

    Group(PartitionKey key, int[] rows, int size) {
      this.key = key;
      this.values = null;
      this.rows = rows;
      this.size = size;
    }

    void add(int row) {
      if (size == rows.length) {
        rows = Arrays.copyOf(rows, size * 2);
      }
      rows[size++] = row;
    }
  }

  private int[] identity(int rows) {
    if (identity.length < rows) {
      identity = new int[rows];
      for (int i = 0; i < rows; i++) {
        identity[i] = i;
      }
    }
    return identity;
  }

  private FileWriter writerFor(PartitionKey key) throws IOException {
    FileWriter writer = open.get(key);
    if (writer == null) {
      if (open.size() >= maxOpen) {
        Iterator<FileWriter> eldest = open.values().iterator();
        FileWriter evicted = eldest.next();
        eldest.remove();
        if (rowsWritten - evicted.lastRowMark() <= IDLE_ROWS) {
          evictedBusy++;
        }
        finish(evicted);
      }
      writer = newWriter(key);
      open.put(key, writer);
    }
    return writer;
  }

  /**
   * Makes sure each of {@code keys} (no more than {@code maxOpen}) has an open file: the missing ones are opened
   * several at a time (creating a file is mostly the file system's work), after closing the least recently used files
   * past the bound, never one of {@code keys}.
   */
  private void openAll(List<PartitionKey> keys) throws IOException {
    List<PartitionKey> missing = new ArrayList<>();
    for (PartitionKey key : keys) {
      if (open.get(key) == null) { // a hit is now the most recently used, out of reach of the eviction below
        missing.add(key);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    List<FileWriter> evicted = new ArrayList<>();
    int excess = open.size() + missing.size() - maxOpen;
    for (Iterator<FileWriter> it = open.values().iterator(); excess > 0 && it.hasNext(); excess--) {
      evicted.add(it.next());
      it.remove();
    }
    done.addAll(FileWriter.closeAll(evicted, tasks));
    String[] names = new String[missing.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = fileName();
    }
    FileWriter[] opened = new FileWriter[names.length];
    try {
      tasks.run(names.length, true,
          i -> opened[i] = FileWriter.open(table, missing.get(i), names[i], settings, tasks, allocator));
    } finally {
      for (int i = 0; i < opened.length; i++) {
        if (opened[i] != null) {
          doneLocations.add(opened[i].location());
          open.put(missing.get(i), opened[i]);
        }
      }
    }
  }

  /** A new key holding {@code values}, one per partition field. */
  private PartitionKey keyOf(Object[] values) {
    for (int i = 0; i < values.length; i++) {
      probe.set(i, values[i]);
    }
    return probe.copy();
  }

  private FileWriter newWriter(PartitionKey key) {
    FileWriter writer = FileWriter.open(table, key, fileName(), settings, tasks, allocator);
    doneLocations.add(writer.location());
    return writer;
  }

  private String fileName() {
    return writeId + "-" + String.format("%05d", ++fileCount) + ".parquet";
  }

  private void finish(FileWriter writer) throws IOException {
    done.add(writer.close());
  }

  /** Closes every open file and hands over all files finished since the last call. */
  List<DataFile> closeAll() throws IOException {
    if (fanOut != null) {
      try {
        drainFanOut();
      } finally {
        fanOut.close();
        fanOut = null;
      }
    }
    if (single != null) {
      FileWriter writer = single;
      single = null;
      finish(writer);
    }
    List<FileWriter> closing = List.copyOf(open.values());
    open.clear();
    done.addAll(FileWriter.closeAll(closing, tasks));
    memory.close();
    List<DataFile> files = List.copyOf(done);
    done.clear();
    doneLocations.clear();
    return files;
  }

  /** Closes and deletes every file not yet handed over by {@link #closeAll}. */
  void abort() {
    if (single != null) {
      single.closeQuietly();
      single = null;
    }
    open.values().forEach(FileWriter::closeQuietly);
    open.clear();
    if (fanOut != null) {
      fanOut.close();
      fanOut = null;
    }
    memory.close();
    for (String location : doneLocations) {
      table.io().deleteFile(location);
    }
    done.clear();
    doneLocations.clear();
  }

  /** Fails on a batch column the table does not have: writing it would drop data silently. */
  private void checkColumns(VectorSchemaRoot root) {
    for (FieldVector vector : root.getFieldVectors()) {
      Types.NestedField field = table.schema().findField(vector.getName());
      if (field == null) {
        throw new IllegalArgumentException(String.format(
            "Cannot write batch to table %s: column %s is not in the table schema", table.name(), vector.getName()));
      }
    }
  }
}
