package dev.logpro.iceberg;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Opens the table an {@code iceberg} sink config names, through the same catalog the sink uses, for tools that look at
 * what landed ({@code logpro inspect}). Close it to close its catalog.
 */
public final class IcebergTables implements AutoCloseable {
  private final Catalog catalog;
  private final TableIdentifier identifier;

  private IcebergTables(Catalog catalog, TableIdentifier identifier) {
    this.catalog = catalog;
    this.identifier = identifier;
  }

  public static IcebergTables open(IcebergSinkConfig config) throws Exception {
    return new IcebergTables(Catalogs.open(config), identifier(config));
  }

  static TableIdentifier identifier(IcebergSinkConfig config) {
    return TableIdentifier.of(Namespace.of(config.namespace().split("\\.")), config.table());
  }

  public TableIdentifier identifier() {
    return identifier;
  }

  /** The table, or empty when nothing created it yet. */
  public Optional<Table> table() {
    return catalog.tableExists(identifier) ? Optional.of(catalog.loadTable(identifier)) : Optional.empty();
  }

  /**
   * What a pipeline has committed to a table, as a start would restore it, and where it is kept.
   *
   * @param pipeline the pipeline id
   * @param positions its committed positions, token by split, in no order
   * @param property the table property that points to them ({@code null} for a table written before properties)
   * @param directory where its positions files are ({@code null} likewise)
   * @param files how many positions files hold them
   * @param commits how many commits the pipeline has made to the table
   * @param lastSnapshot the snapshot of its last commit, or {@code null} once that snapshot is expired
   */
  public record StoredPositions(String pipeline, Map<String, String> positions, String property, String directory,
      int files, long commits, Long lastSnapshot) {}

  /** The positions of every pipeline that has committed to {@code table}, by pipeline id. */
  public static List<StoredPositions> positions(Table table) {
    List<StoredPositions> all = new ArrayList<>();
    for (String key : new TreeMap<>(table.properties()).keySet()) {
      if (key.startsWith(TablePositions.PROPERTY_PREFIX)) {
        all.add(positions(table, key.substring(TablePositions.PROPERTY_PREFIX.length())));
      }
    }
    return all;
  }

  /** The positions of {@code pipelineId} in {@code table}, read as a start of that pipeline reads them. */
  public static StoredPositions positions(Table table, String pipelineId) {
    TablePositions.Committed committed = TablePositions.restore(table, pipelineId);
    Map<String, String> tokens = new HashMap<>(committed.positions().size() * 4 / 3 + 1);
    committed.positions().values().forEach(p -> tokens.put(p.split(), p.token()));
    PositionsPointer pointer = committed.pointer();
    if (pointer == null) {
      return new StoredPositions(pipelineId, tokens, null, null, 0, committed.seq(), null);
    }
    Snapshot last = TablePositions.byCommitId(table.snapshots(), pointer.commit());
    return new StoredPositions(pipelineId, tokens, TablePositions.propertyKey(pipelineId), pointer.dir(),
        pointer.segments().size(), pointer.seq(), last == null ? null : last.snapshotId());
  }

  @Override
  public void close() throws Exception {
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
