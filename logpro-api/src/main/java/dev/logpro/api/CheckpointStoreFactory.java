package dev.logpro.api;

/**
 * Builds {@link CheckpointStore}s, chosen by {@code reliability.checkpoint_store.type}; registered in
 * {@code META-INF/services/dev.logpro.api.CheckpointStoreFactory}.
 */
public interface CheckpointStoreFactory<C extends Record> extends ComponentFactory<C, CheckpointStore> {}
