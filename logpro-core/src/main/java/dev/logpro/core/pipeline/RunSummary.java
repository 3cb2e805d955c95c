package dev.logpro.core.pipeline;

import java.time.Duration;

/**
 * What a run did.
 *
 * @param pipelineId the pipeline
 * @param sources splits (files, partitions) that handed on data in this run
 * @param bytesRead bytes read from the source
 * @param rowsRead records read: rows decoded plus records dead-lettered while decoding
 * @param rowsWritten rows handed to the sink
 * @param deadLetters records sent to the dead-letter queue
 * @param commits successful commits
 * @param filesCommitted data files the commits added
 * @param lastCommitId the id of the last commit (an Iceberg snapshot id), or {@code null}
 * @param elapsed wall time of the run
 * @param arrowBytesOutstanding Arrow memory still allocated when the run closed its allocators: always 0 unless a
 *     component leaks
 */
public record RunSummary(
    String pipelineId,
    long sources,
    long bytesRead,
    long rowsRead,
    long rowsWritten,
    long deadLetters,
    long commits,
    long filesCommitted,
    String lastCommitId,
    Duration elapsed,
    long arrowBytesOutstanding) {

  /** Rows per second over the whole run. */
  public double rowsPerSecond() {
    double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
    return rowsRead / seconds;
  }

  /** Mebibytes read per second over the whole run. */
  public double megabytesPerSecond() {
    double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
    return bytesRead / 1048576.0 / seconds;
  }
}
