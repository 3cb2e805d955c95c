package dev.logpro.core.transform;

/**
 * A transform that keeps state from one batch to the next (such as the keys {@code deduplicate} has seen) and must
 * therefore see the batches one at a time, in source order. The engine runs such a transform, and every step after
 * it, for one chunk at a time in sequence order; the steps before it still run on every decode worker at once.
 */
public interface InOrder {}
