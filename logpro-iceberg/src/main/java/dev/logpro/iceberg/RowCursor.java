package dev.logpro.iceberg;

/** The row a file writer is asked to write: an index into the batch its writers are bound to. Reused per row. */
final class RowCursor {
  int row;
}
