package dev.logpro.api;

/** Builds {@link Transform}s; registered in {@code META-INF/services/dev.logpro.api.TransformFactory}. */
public interface TransformFactory<C extends Record> extends ComponentFactory<C, Transform> {}
