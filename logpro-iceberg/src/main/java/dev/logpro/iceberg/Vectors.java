package dev.logpro.iceberg;

import org.apache.arrow.vector.ValueVector;

/** Small checks on Arrow vectors handed to the writers. */
final class Vectors {

  private Vectors() {}

  static <V> V expect(ValueVector vector, Class<V> type, String what) {
    if (!type.isInstance(vector)) {
      throw new IllegalArgumentException(String.format(
          "Cannot write column %s: expected Arrow %s, got %s",
          vector.getName(), what, vector.getField().getType()));
    }
    return type.cast(vector);
  }
}
