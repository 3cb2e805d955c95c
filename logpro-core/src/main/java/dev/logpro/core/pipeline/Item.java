package dev.logpro.core.pipeline;

import dev.logpro.api.Batch;
import dev.logpro.api.RawMessage;
import java.util.List;

/** What travels on the queues between stages. */
sealed interface Item {
  /** Messages from the source, in order. */
  record Messages(List<RawMessage> messages) implements Item {}

  /** Decoded rows and the positions they complete. */
  record Rows(Batch batch) implements Item {}

  /** Nothing more will come. */
  record End() implements Item {}

  End END = new End();
}
