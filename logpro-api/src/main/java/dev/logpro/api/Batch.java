package dev.logpro.api;

import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Rows in Arrow form plus the source positions they complete. Whoever holds a batch owns its memory and closes it;
 * handing it to the next stage hands over that duty.
 *
 * @param root the rows
 * @param positions for each split, the position to resume from once these rows (and all before them) are committed
 */
public record Batch(VectorSchemaRoot root, Map<String, Position> positions) implements AutoCloseable {
  public Batch {
    Objects.requireNonNull(root, "root");
    positions = positions == null ? Map.of() : Map.copyOf(positions);
  }

  public int rowCount() {
    return root.getRowCount();
  }

  @Override
  public void close() {
    root.close();
  }
}
