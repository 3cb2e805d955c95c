package dev.logpro.interop;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Spark in local mode, in the test JVM, with the Iceberg catalog {@code logpro} pointed at logpro's embedded catalog
 * exactly as a user would point it: Iceberg's {@code JdbcCatalog} on {@code <warehouse>/catalog.db}.
 *
 * <p>One {@link #start() base session} (one {@code SparkContext}) per test class; each test gets a
 * {@link #forWarehouse child session} of its own, whose {@code logpro} catalog is loaded on first use from that
 * session's configuration, so tests with different warehouses share the expensive part and nothing else.
 */
final class SparkSessions {
  private SparkSessions() {}

  /** A local Spark with Iceberg's SQL extensions (CALL procedures, ALTER TABLE ... PARTITION FIELD). */
  static SparkSession start() {
    return start(Map.of());
  }

  /** As {@link #start()}, with {@code extra} Spark settings. */
  static SparkSession start(Map<String, String> extra) {
    SparkSession.Builder builder = SparkSession.builder()
        .appName("logpro-interop")
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        // Spark's own session catalog is never used; keep its directory out of the module.
        .config("spark.sql.warehouse.dir", Path.of(System.getProperty("java.io.tmpdir"), "logpro-interop-spark")
            .toUri().toString());
    extra.forEach(builder::config);
    return builder.getOrCreate();
  }

  /** A session of {@code base} whose catalog {@code logpro} is the embedded catalog of {@code warehouse}. */
  static SparkSession forWarehouse(SparkSession base, Path warehouse) {
    Path dir = warehouse.toAbsolutePath().normalize();
    SparkSession session = base.newSession();
    String prefix = "spark.sql.catalog.logpro";
    session.conf().set(prefix, "org.apache.iceberg.spark.SparkCatalog");
    session.conf().set(prefix + ".type", "jdbc");
    session.conf().set(prefix + ".uri", "jdbc:sqlite:" + dir.resolve("catalog.db"));
    session.conf().set(prefix + ".warehouse", dir.toString());
    // logpro's embedded catalog uses the V1 layout of Iceberg's JDBC catalog (Catalogs.embedded).
    session.conf().set(prefix + ".jdbc.schema-version", "V1");
    // No cached Table objects: every statement loads the table's current metadata, so Spark sees logpro's commits
    // made since its last statement (a cached table would be up to 30 s stale).
    session.conf().set(prefix + ".cache-enabled", "false");
    return session;
  }
}
