package dev.logpro.iceberg;

/**
 * A Parquet values writer that keeps state on the Java heap (a dictionary, a page array): how much, so that open
 * files count it against {@code processing.memory_limit_mb} with their Arrow page buffers ({@link OpenFilesMemory}).
 */
interface HeapHolder {
  /** Bytes of Java heap held now, estimated from the writer's own counts. */
  long heapBytes();
}
