package dev.logpro.api;

import java.util.List;

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

  /**
   * Checks what binding {@code config} cannot: what it names outside itself (a file that must exist, a class that
   * must be on the classpath) and settings that the component's own parsing code reads. Called whenever config is
   * read, by {@code logpro validate} and before a run starts, so it must change nothing: read, never create, connect
   * or write. A check the config record's constructor can make needs no hook.
   *
   * @return what is wrong, each as {@code "field: why"}, where the field may go on into its value
   *     ({@code "columns.user_id: why"}); empty when nothing is
   */
  default List<String> check(C config) {
    return List.of();
  }
}
