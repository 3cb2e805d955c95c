package dev.logpro.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Reads what a run landed in an embedded-catalog warehouse, with Iceberg's own reader. */
final class Warehouse {
  private Warehouse() {}

  static Catalog catalog(Path warehouse) {
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog");
    props.put(CatalogProperties.URI, "jdbc:sqlite:" + warehouse.toAbsolutePath().normalize().resolve("catalog.db"));
    props.put("jdbc.schema-version", "V1");
    props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse.toAbsolutePath().normalize().toString());
    props.put(CatalogProperties.FILE_IO_IMPL, "dev.logpro.iceberg.LocalFileIO");
    return CatalogUtil.buildIcebergCatalog("logpro", props, new Configuration());
  }

  /** The table; its catalog stays open for the table's refreshes (tests are short-lived). */
  static Table table(Path warehouse, String namespace, String name) {
    return catalog(warehouse).loadTable(TableIdentifier.of(namespace, name));
  }

  static List<Record> rows(Table table) {
    table.refresh();
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        rows.add(record.copy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  static int snapshotCount(Table table) {
    table.refresh();
    int n = 0;
    for (Snapshot ignored : table.snapshots()) {
      n++;
    }
    return n;
  }
}
