package dev.logpro.api;

/**
 * Builds one kind of component from its configuration. Factories are found with {@link java.util.ServiceLoader}
 * under the sub-interface of their kind ({@link SourceFactory}, {@link DecoderFactory}, {@link TransformFactory},
 * {@link SinkFactory}, {@link DeadLetterQueueFactory}, {@link CheckpointStoreFactory}) and chosen by
 * {@link #type()}.
 *
 * @param <C> the configuration record: each component is a record annotated with {@link dev.logpro.api.config.Doc}
 *     and friends, which is both its parser's target and its documentation
 * @param <T> what it builds
 */
public interface ComponentFactory<C extends Record, T> {

  /** The name config uses for it: {@code type: file}. Lower case, snake_case. */
  String type();

  /** One sentence for {@code logpro plugins} and the reference docs. */
  String description();

  Class<C> configType();

  T create(C config, ComponentContext context);
}
