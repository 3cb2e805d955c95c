package dev.logpro.api;

/** Builds {@link Source}s; registered in {@code META-INF/services/dev.logpro.api.SourceFactory}. */
public interface SourceFactory<C extends Record> extends ComponentFactory<C, Source> {}
