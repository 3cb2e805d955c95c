package dev.logpro.core.validate;

import org.apache.arrow.vector.VectorSchemaRoot;

/** A validation rule bound to one batch. */
interface Check {

  /** Why row {@code row} fails the rule, or {@code null} when it passes. */
  String test(int row);

  /** Binds a rule to the batches it checks. */
  interface Rule {
    /**
     * @throws IllegalArgumentException {@code <kind>: <why>} when the batch lacks a column the rule names or its type
     *     does not suit the rule
     */
    Check bind(VectorSchemaRoot root);
  }
}
