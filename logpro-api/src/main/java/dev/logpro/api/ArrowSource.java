package dev.logpro.api;

/**
 * A source that decodes its input into Arrow itself (Parquet and Avro files, database queries), so its data is never
 * turned back into bytes: its polls answer {@link Poll#rows}, allocated from the allocator of the context it was
 * opened with (the decode stage's, so the memory budget holds it back as it holds a decoder), and the pipeline needs
 * no decoder for it. Its batches skip the decode workers and go through the transforms on the source thread, in order.
 */
public interface ArrowSource extends Source {}
