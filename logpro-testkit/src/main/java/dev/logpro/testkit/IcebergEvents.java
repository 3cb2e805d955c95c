package dev.logpro.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Reads the rows of {@link EventFiles} back from an Iceberg table with Iceberg's own reader, in either layout: the
 * CSV one (flat {@code country}, {@code zip}) or the NDJSON one (a {@code geo} struct holding them). Needs
 * {@code iceberg-data} (and a Parquet reader) on the class path.
 */
public final class IcebergEvents {
  private IcebergEvents() {}

  /** Every row of the table's current snapshot, as events. */
  public static List<EventFiles.Event> read(Table table) {
    table.refresh();
    List<EventFiles.Event> events = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        events.add(event(record));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return events;
  }

  public static EventTally tally(Table table) {
    return EventTally.of(read(table));
  }

  static EventFiles.Event event(Record row) {
    Record geo = row.getField("geo") instanceof Record nested ? nested : row;
    return new EventFiles.Event((String) row.getField("id"), instant(row.getField("ts")),
        (Long) row.getField("user_id"), (String) row.getField("type"), (String) geo.getField("country"),
        (Double) row.getField("latency_ms"), (Long) row.getField("amount"), (String) geo.getField("zip"));
  }

  private static Instant instant(Object ts) {
    return ts instanceof OffsetDateTime odt ? odt.toInstant() : (Instant) ts;
  }
}
