package dev.logpro.api;

/** Builds {@link Decoder}s; registered in {@code META-INF/services/dev.logpro.api.DecoderFactory}. */
public interface DecoderFactory<C extends Record> extends ComponentFactory<C, Decoder> {}
