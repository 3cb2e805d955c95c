package dev.logpro.iceberg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;

/**
 * Opens the catalog a sink (or Iceberg dead-letter queue) config names: Iceberg's own catalogs by properties, or the
 * embedded SQLite one.
 */
final class Catalogs {

  static final String EMBEDDED_NAME = "logpro";
  static final String COMMIT_RETRIES = "table-default.commit.retry.num-retries";

  private Catalogs() {}

  static Catalog open(IcebergSinkConfig config) throws Exception {
    return open(config.warehouse(), config.catalog(), "sink.iceberg");
  }

  /**
   * The catalog of {@code catalog} properties, or the embedded one in {@code warehouse} when there are none.
   *
   * @param path where the settings sit in config ({@code sink.iceberg}), for error messages
   */
  static Catalog open(String warehouse, Map<String, Object> catalog, String path) throws Exception {
    if (catalog == null) {
      if (warehouse.contains("://")) {
        throw new IllegalArgumentException("Cannot open the embedded catalog in " + path + ".warehouse "
            + warehouse + ": it needs a local directory; set " + path + ".catalog for object storage");
      }
      return embedded(Path.of(warehouse));
    }
    Map<String, String> props = new HashMap<>();
    catalog.forEach((k, v) -> props.put(k, v == null ? null : String.valueOf(v)));
    String name = props.getOrDefault("name", EMBEDDED_NAME);
    props.remove("name");
    if (!props.containsKey("type") && !props.containsKey(CatalogProperties.CATALOG_IMPL)) {
      throw new IllegalArgumentException(
          "Cannot open catalog for " + path + ".catalog: type is required (rest, jdbc, glue, nessie or hive)");
    }
    if (!"rest".equals(props.get("type"))) {
      props.putIfAbsent(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    }
    props.putIfAbsent(COMMIT_RETRIES, "20");
    return CatalogUtil.buildIcebergCatalog(name, props, new Configuration());
  }

  /** Iceberg's {@code JdbcCatalog} on {@code <warehouse>/catalog.db}, always under the same catalog name. */
  static Catalog embedded(Path warehouse) throws Exception {
    Path dir = warehouse.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog");
    props.put(CatalogProperties.URI, "jdbc:sqlite:" + dir.resolve("catalog.db"));
    props.put("jdbc.schema-version", "V1");
    props.put(CatalogProperties.WAREHOUSE_LOCATION, dir.toString());
    props.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    props.put(COMMIT_RETRIES, "20");
    // No Hadoop default resources: the embedded catalog reads none, and parsing them costs a noticeable part of start-up.
    return CatalogUtil.buildIcebergCatalog(EMBEDDED_NAME, props, new Configuration(false));
  }
}
