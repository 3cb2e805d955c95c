package dev.logpro.iceberg;

import dev.logpro.api.ComponentContext;
import org.apache.arrow.memory.BufferAllocator;

/** The smallest {@link ComponentContext}: a pipeline id and an allocator. */
record TestContext(String pipelineId, BufferAllocator allocator) implements ComponentContext {}
