package dev.logpro.iceberg;

import java.util.Optional;
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

  @Override
  public void close() throws Exception {
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
