package dev.logpro.core.transform;

/**
 * A transform whose output has exactly its input's columns, names and types (it only removes rows). When every step
 * of a pipeline is one, the decoder can decode straight into the table's schema; otherwise it infers, and the
 * transformed batch is fitted to the table ({@link ConformToTable}).
 */
public interface KeepsColumns {}
