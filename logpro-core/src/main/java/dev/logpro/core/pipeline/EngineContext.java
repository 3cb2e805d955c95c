package dev.logpro.core.pipeline;

import dev.logpro.api.ComponentContext;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** The context the engine hands each component. */
record EngineContext(
    String pipelineId,
    BufferAllocator allocator,
    Optional<Schema> targetSchema,
    Optional<Record> formatOptions,
    int batchRows,
    int inferSampleRows,
    boolean growSchema,
    int maxColumns)
    implements ComponentContext {}
