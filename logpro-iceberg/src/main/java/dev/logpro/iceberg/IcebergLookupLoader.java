package dev.logpro.iceberg;

import dev.logpro.core.transform.LookupLoader;
import dev.logpro.core.transform.LookupSource;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;

/**
 * Loads an Iceberg table's current snapshot as the {@code enrich} transform's lookup, from the embedded catalog in
 * {@code warehouse} or from the catalog its properties describe.
 */
public final class IcebergLookupLoader implements LookupLoader {

  /** For {@link java.util.ServiceLoader}. */
  public IcebergLookupLoader() {}

  @Override
  public String format() {
    return "iceberg";
  }

  /** The catalog's type; the table itself can only be found by connecting, when the pipeline starts. */
  @Override
  public List<String> check(LookupSource source) {
    return Catalogs.check(source.catalog());
  }

  @Override
  public VectorSchemaRoot load(LookupSource source, BufferAllocator allocator) throws Exception {
    Catalog catalog = catalog(source);
    try {
      Table table = catalog.loadTable(TableIdentifier.parse(source.table()));
      if (table.currentSnapshot() != null) {
        String records = table.currentSnapshot().summary().get("total-records");
        if (records != null && Long.parseLong(records) > source.maxRows()) {
          throw source.tooBig(Long.parseLong(records));
        }
      }
      return LookupRecords.load(table.schema(), IcebergGenerics.read(table).build(), source, allocator);
    } finally {
      if (catalog instanceof Closeable closeable) {
        closeable.close();
      }
    }
  }

  private static Catalog catalog(LookupSource source) throws Exception {
    if (source.catalog() == null) {
      return Catalogs.embedded(Path.of(source.warehouse()));
    }
    List<String> problems = Catalogs.check(source.catalog());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.get(0));
    }
    Map<String, String> props = new HashMap<>();
    source.catalog().forEach((k, v) -> props.put(k, v == null ? null : String.valueOf(v)));
    String name = props.getOrDefault("name", Catalogs.EMBEDDED_NAME);
    props.remove("name");
    if (!"rest".equals(props.get("type"))) {
      props.putIfAbsent(CatalogProperties.WAREHOUSE_LOCATION, source.warehouse());
    }
    return CatalogUtil.buildIcebergCatalog(name, props, new Configuration());
  }
}
