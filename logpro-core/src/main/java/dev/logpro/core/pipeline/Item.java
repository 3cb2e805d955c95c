package dev.logpro.core.pipeline;

import dev.logpro.api.Batch;
import dev.logpro.api.RawMessage;
import dev.logpro.core.transform.TransformChain;
import java.util.List;

/** What travels on the queues between stages, numbered in source order so parallel workers can keep that order. */
sealed interface Item {
  long sequence();

  /** Messages from the source, in order. */
  record Messages(long sequence, List<RawMessage> messages) implements Item {}

  /**
   * Decoded rows and the positions they complete.
   *
   * @param origin where the rows came from, for dead letters of later stages
   */
  record Rows(long sequence, Batch batch, TransformChain.Origin origin) implements Item {}

  /** Nothing more will come. */
  record End(long sequence) implements Item {}
}
