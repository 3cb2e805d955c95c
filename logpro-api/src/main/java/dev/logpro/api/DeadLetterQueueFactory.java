package dev.logpro.api;

/** Builds {@link DeadLetterQueue}s; registered in {@code META-INF/services/dev.logpro.api.DeadLetterQueueFactory}. */
public interface DeadLetterQueueFactory<C extends Record> extends ComponentFactory<C, DeadLetterQueue> {}
