package dev.logpro.core.pipeline;

import dev.logpro.api.Batch;
import dev.logpro.api.RawMessage;
import java.util.List;

/** What travels on the queues between stages, numbered in source order so parallel workers can keep that order. */
sealed interface Item {
  long sequence();

  /** Messages from the source, in order. */
  record Messages(long sequence, List<RawMessage> messages) implements Item {}

  /** Decoded rows and the positions they complete. */
  record Rows(long sequence, Batch batch) implements Item {}

  /** Nothing more will come. */
  record End(long sequence) implements Item {}
}
