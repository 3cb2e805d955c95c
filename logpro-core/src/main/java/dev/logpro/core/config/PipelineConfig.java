package dev.logpro.core.config;

/**
 * A whole pipeline's config, validated: every component exists and every field has the right type.
 *
 * @param id the pipeline id; positions are stored under it
 * @param source where bytes come from
 * @param decoder how they become rows, or {@code null} for a source that produces rows itself
 * @param processing engine settings
 * @param sink where rows go
 * @param deadLetterQueue where records that cannot be processed go
 * @param reliability how it stops and retries
 * @param observability progress and logs
 * @param transforms the transforms of {@code processing.transforms}, in order, each built per run
 * @param checkpointStore where positions are kept for a sink that cannot commit them with its data, or {@code null}
 *     for none
 */
public record PipelineConfig(
    String id,
    ComponentConfig source,
    ComponentConfig decoder,
    ProcessingConfig processing,
    ComponentConfig sink,
    ComponentConfig deadLetterQueue,
    ReliabilityConfig reliability,
    ObservabilityConfig observability,
    java.util.List<ComponentConfig> transforms,
    ComponentConfig checkpointStore) {

  public PipelineConfig {
    transforms = transforms == null ? java.util.List.of() : java.util.List.copyOf(transforms);
  }
}
