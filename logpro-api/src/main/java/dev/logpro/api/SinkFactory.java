package dev.logpro.api;

/** Builds {@link Sink}s; registered in {@code META-INF/services/dev.logpro.api.SinkFactory}. */
public interface SinkFactory<C extends Record> extends ComponentFactory<C, Sink> {}
