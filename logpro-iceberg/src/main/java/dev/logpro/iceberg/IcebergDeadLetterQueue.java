package dev.logpro.iceberg;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.DeadLetterQueue;
import dev.logpro.core.dlq.StoredDeadLetter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Dead letters as rows of an Iceberg table, written by an {@link IcebergSink} of their own (the same Parquet files,
 * table creation, commit and retries as data) and committed on {@link #flush}, which the engine calls before it
 * commits the positions that cover them.
 *
 * <p>Exactly once: a crash between this commit and the data's makes the next run read those records again and
 * dead-letter them again. So at its first dead letter a run reads the keys (source, position, stage) of the
 * pipeline's dead letters already in the table, and drops any dead letter whose record is already there.
 */
final class IcebergDeadLetterQueue implements DeadLetterQueue {
  private final IcebergSink sink;
  private String pipelineId;
  private BufferAllocator allocator;
  private Set<StoredDeadLetter.Key> known;
  private boolean written;

  IcebergDeadLetterQueue(IcebergSinkConfig table) {
    this.sink = new IcebergSink(table).writerThreads(1);
  }

  @Override
  public void open(ComponentContext context) throws Exception {
    this.pipelineId = context.pipelineId();
    this.allocator = context.allocator();
    sink.open(context);
    if (sink.table() != null) {
      DeadLetterTable.check(sink.table());
    }
  }

  @Override
  public void add(List<DeadLetter> deadLetters) throws Exception {
    if (deadLetters.isEmpty()) {
      return;
    }
    if (known == null) {
      known = keysInTable();
    }
    List<DeadLetter> fresh = new ArrayList<>(deadLetters.size());
    for (DeadLetter letter : deadLetters) {
      if (known.add(new StoredDeadLetter(letter, pipelineId, null).key())) {
        fresh.add(letter);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    try (VectorSchemaRoot rows = DeadLetterTable.toArrow(fresh, pipelineId, allocator)) {
      sink.write(rows);
    }
    written = true;
  }

  /** The keys of this pipeline's dead letters already in the table. */
  private Set<StoredDeadLetter.Key> keysInTable() throws Exception {
    Set<StoredDeadLetter.Key> keys = new HashSet<>();
    Table table = sink.table();
    if (table == null) {
      return keys;
    }
    table.refresh();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table)
        .where(Expressions.equal(DeadLetterTable.PIPELINE, pipelineId))
        .select(DeadLetterTable.PIPELINE, "source", "position", "stage")
        .build()) {
      for (Record row : rows) {
        if (pipelineId.equals(row.getField(DeadLetterTable.PIPELINE))) {
          keys.add(new StoredDeadLetter.Key(pipelineId, (String) row.getField("source"),
              (String) row.getField("position"), (String) row.getField("stage")));
        }
      }
    }
    return keys;
  }

  /** Commits the dead letters added since the last flush; nothing to do when none were. */
  @Override
  public void flush() throws Exception {
    if (written) {
      sink.commit(pipelineId, Map.of());
      written = false;
    }
  }

  /** Dead letters not flushed belong to positions that were not committed: the next run finds them again. */
  @Override
  public void close() throws Exception {
    sink.close();
  }
}
