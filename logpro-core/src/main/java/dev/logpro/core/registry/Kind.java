package dev.logpro.core.registry;

import dev.logpro.api.CheckpointStoreFactory;
import dev.logpro.api.ComponentFactory;
import dev.logpro.api.DeadLetterQueueFactory;
import dev.logpro.api.DecoderFactory;
import dev.logpro.api.SinkFactory;
import dev.logpro.api.SourceFactory;
import dev.logpro.api.TransformFactory;

/** The kinds of component a pipeline is built from, each with its own factory interface. */
public enum Kind {
  SOURCE("source", SourceFactory.class),
  DECODER("format", DecoderFactory.class),
  TRANSFORM("transform", TransformFactory.class),
  SINK("sink", SinkFactory.class),
  DEAD_LETTER_QUEUE("dlq", DeadLetterQueueFactory.class),
  CHECKPOINT_STORE("checkpoint store", CheckpointStoreFactory.class);

  private final String label;
  private final Class<? extends ComponentFactory<?, ?>> factoryType;

  @SuppressWarnings({"unchecked", "rawtypes"})
  Kind(String label, Class factoryType) {
    this.label = label;
    this.factoryType = factoryType;
  }

  /** How docs and errors name the kind: {@code source}, {@code format}, {@code sink}. */
  public String label() {
    return label;
  }

  Class<? extends ComponentFactory<?, ?>> factoryType() {
    return factoryType;
  }
}
