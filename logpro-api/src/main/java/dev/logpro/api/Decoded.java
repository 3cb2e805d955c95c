package dev.logpro.api;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * What a decoder made of some messages.
 *
 * @param root the decoded rows (possibly none); the receiver owns and closes it
 * @param deadLetters records that could not be decoded, in input order
 */
public record Decoded(VectorSchemaRoot root, List<DeadLetter> deadLetters) {
  public Decoded {
    deadLetters = List.copyOf(deadLetters);
  }
}
