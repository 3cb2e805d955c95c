package dev.logpro.iceberg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Opens the catalog a sink (or Iceberg dead-letter queue) config names: Iceberg's own catalogs by properties, or the
 * embedded SQLite one.
 */
final class Catalogs {

  static final String EMBEDDED_NAME = "logpro";
  static final String COMMIT_RETRIES = "table-default.commit.retry.num-retries";

  /** The catalog types Iceberg builds by name, and the class each needs on the classpath. */
  private static final Map<String, String> TYPES = new TreeMap<>(Map.of(
      CatalogUtil.ICEBERG_CATALOG_TYPE_REST, CatalogUtil.ICEBERG_CATALOG_REST,
      CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC, CatalogUtil.ICEBERG_CATALOG_JDBC,
      CatalogUtil.ICEBERG_CATALOG_TYPE_HADOOP, CatalogUtil.ICEBERG_CATALOG_HADOOP,
      CatalogUtil.ICEBERG_CATALOG_TYPE_GLUE, CatalogUtil.ICEBERG_CATALOG_GLUE,
      CatalogUtil.ICEBERG_CATALOG_TYPE_NESSIE, CatalogUtil.ICEBERG_CATALOG_NESSIE,
      CatalogUtil.ICEBERG_CATALOG_TYPE_HIVE, CatalogUtil.ICEBERG_CATALOG_HIVE,
      CatalogUtil.ICEBERG_CATALOG_TYPE_BIGQUERY, CatalogUtil.ICEBERG_CATALOG_BIGQUERY));

  private Catalogs() {}

  /**
   * What is wrong with {@code catalog} properties before any connection: a type (or {@code catalog-impl}) that is
   * missing, unknown, or whose class is not on the classpath, as Iceberg would find when building the catalog.
   *
   * @return each problem as {@code "catalog.type: why"} (relative to the settings holding {@code catalog}); empty for
   *     none, and for no catalog (the embedded one)
   */
  static List<String> check(Map<String, Object> catalog) {
    if (catalog == null) {
      return List.of();
    }
    Object type = catalog.get(CatalogUtil.ICEBERG_CATALOG_TYPE);
    Object impl = catalog.get(CatalogProperties.CATALOG_IMPL);
    if (type == null && impl == null) {
      return List.of("catalog.type: required (one of: " + String.join(", ", TYPES.keySet()) + ")");
    }
    if (type != null && impl != null) {
      return List.of("catalog.type: give type or " + CatalogProperties.CATALOG_IMPL + ", not both");
    }
    if (impl != null) {
      return onClasspath(String.valueOf(impl)) ? List.of()
          : List.of("catalog." + CatalogProperties.CATALOG_IMPL + ": no class " + impl + " on the classpath");
    }
    String className = TYPES.get(String.valueOf(type).toLowerCase(Locale.ROOT));
    if (className == null) {
      return List.of("catalog.type: unknown catalog type '" + type + "' (expected one of: "
          + String.join(", ", TYPES.keySet()) + ")");
    }
    if (!onClasspath(className)) {
      List<String> present = TYPES.keySet().stream().filter(t -> onClasspath(TYPES.get(t))).toList();
      return List.of("catalog.type: " + type + " needs " + className + ", which is not on the classpath (this"
          + " installation has: " + String.join(", ", present) + ")");
    }
    return List.of();
  }

  /** Whether Iceberg can load {@code className}: looked up without initializing it, as Iceberg's loader sees it. */
  private static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, CatalogUtil.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

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
    List<String> problems = check(catalog);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(path + "." + problems.get(0));
    }
    if (!"rest".equals(props.get("type"))) {
      props.putIfAbsent(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    }
    props.putIfAbsent(COMMIT_RETRIES, "20");
    return CatalogUtil.buildIcebergCatalog(name, props, new Configuration());
  }

  /** Iceberg's {@code JdbcCatalog} on {@code <warehouse>/catalog.db}, always under the same catalog name. */
  private static final int INIT_ATTEMPTS = 5;

  static Catalog embedded(Path warehouse) throws Exception {
    Path dir = warehouse.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.URI, "jdbc:sqlite:" + dir.resolve("catalog.db"));
    props.put("jdbc.schema-version", "V1");
    props.put(CatalogProperties.WAREHOUSE_LOCATION, dir.toString());
    props.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    props.put(COMMIT_RETRIES, "20");
    // No Hadoop default resources: the embedded catalog reads none, and parsing them costs a noticeable part of start-up.
    for (int attempt = 1; ; attempt++) {
      JdbcCatalog catalog = new JdbcCatalog();
      catalog.setConf(new Configuration(false));
      try {
        catalog.initialize(EMBEDDED_NAME, props);
        return catalog;
      } catch (RuntimeException e) {
        catalog.close(); // its connection pool, opened before the failure
        if (attempt == INIT_ATTEMPTS || !racedToCreate(e)) {
          throw e;
        }
        Thread.sleep(50L * attempt);
      }
    }
  }

  /**
   * Whether opening a new catalog file failed because another process (a second pipeline, Spark) was creating its
   * tables at the same moment: both add the same columns, and the slower one finds them there. Opening again sees a
   * finished catalog.
   */
  private static boolean racedToCreate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("duplicate column name") || message.contains("already exists")
          || message.contains("SQLITE_BUSY")) {
        return true;
      }
    }
    return false;
  }
}
