package dev.logpro.core.transform;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
import dev.logpro.core.arrow.Batches;
import dev.logpro.core.arrow.RowJson;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The ordered steps a decoded batch goes through before the sink: the configured transforms, the validation rules,
 * and, when the table's schema is known but the transforms change the batch's shape, the fit to that schema. Each step
 * gets the previous one's output and hands its own on; intermediate batches are closed as soon as the next exists.
 *
 * <p>One chain serves every decode worker, so its transforms are shared between threads. Steps from the first
 * {@link InOrder} one on are the chain's ordered part, which the engine runs for one chunk at a time, in source order.
 */
public final class TransformChain implements AutoCloseable {

  /**
   * One step.
   *
   * @param path where its config is ({@code processing.transforms[1]}): errors about its config start with it
   * @param label what its dead letters' errors start with ({@code processing.transforms[1] cast}), or {@code null}
   *     when the transform names itself (the validation rules name the rule that failed)
   * @param transform the step
   */
  public record Step(String path, String label, Transform transform) {}

  /** Where the rows of a batch came from, for the dead letters of its rows. */
  public record Origin(String source, String position) {}

  private static final java.util.regex.Pattern FIELD_FIRST = java.util.regex.Pattern.compile("[a-z_]+(\\.[a-z_]+)*: ");

  private final List<Step> steps;
  private final int orderedFrom;

  public TransformChain(List<Step> steps) {
    this.steps = List.copyOf(steps);
    int first = this.steps.size();
    for (int i = 0; i < this.steps.size(); i++) {
      if (this.steps.get(i).transform() instanceof InOrder) {
        first = i;
        break;
      }
    }
    this.orderedFrom = first;
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** Whether every step keeps its input's columns, so rows can be decoded straight into the table's schema. */
  public boolean keepsColumns() {
    return steps.stream().allMatch(s -> s.transform() instanceof KeepsColumns);
  }

  /** Whether some step must see batches in source order, one at a time. */
  public boolean hasOrderedPart() {
    return orderedFrom < steps.size();
  }

  /**
   * Runs the steps that may run on several workers at once (those before the first {@link InOrder} one).
   *
   * @param input owned by the chain from now on
   * @param deadLetters receives the rows the steps rejected
   * @return the output, owned by the caller, or {@code null} when no row remains
   */
  public VectorSchemaRoot applyUnordered(VectorSchemaRoot input, Origin origin, List<DeadLetter> deadLetters) {
    return apply(0, orderedFrom, input, origin, deadLetters);
  }

  /** Runs the ordered part: the caller runs it for one batch at a time, in source order. */
  public VectorSchemaRoot applyOrdered(VectorSchemaRoot input, Origin origin, List<DeadLetter> deadLetters) {
    return apply(orderedFrom, steps.size(), input, origin, deadLetters);
  }

  /** Runs every step. */
  public VectorSchemaRoot apply(VectorSchemaRoot input, Origin origin, List<DeadLetter> deadLetters) {
    return apply(0, steps.size(), input, origin, deadLetters);
  }

  /**
   * Checks the steps against batches of {@code schema} before any row is read, by running an empty batch through
   * them: a column a step names that is not there, or a CEL expression that does not type-check, fails here.
   *
   * @throws IllegalArgumentException naming the step and what is wrong
   */
  public void check(Schema schema, BufferAllocator allocator) {
    VectorSchemaRoot empty = VectorSchemaRoot.create(schema, allocator);
    empty.setRowCount(0);
    Batches.close(apply(empty, new Origin(null, null), new ArrayList<>()));
  }

  private VectorSchemaRoot apply(int from, int to, VectorSchemaRoot input, Origin origin,
      List<DeadLetter> deadLetters) {
    VectorSchemaRoot current = input;
    try {
      for (int i = from; i < to && current != null; i++) {
        Step step = steps.get(i);
        Transform.Result result;
        try {
          result = step.transform().apply(current);
        } catch (IllegalArgumentException e) {
          if (current.getRowCount() == 0) {
            // check(): the config does not fit the table
            throw new IllegalArgumentException(at(step.path(), e.getMessage()), e);
          }
          String error = e.getMessage();
          // This batch's shape does not fit the step (a file without a column it names): its rows are dead letters
          // naming the step, and the run goes on.
          for (int row = 0; row < current.getRowCount(); row++) {
            deadLetters.add(locate(step, new DeadLetter(RowJson.of(current, row), error, "transform", null, null,
                System.currentTimeMillis()), origin));
          }
          current.close();
          current = null;
          break;
        }
        for (DeadLetter letter : result.deadLetters()) {
          deadLetters.add(locate(step, letter, origin));
        }
        VectorSchemaRoot next = result.root();
        if (next != current) {
          current.close();
        }
        current = next;
      }
      VectorSchemaRoot out = current;
      current = null;
      return out;
    } finally {
      Batches.close(current);
    }
  }

  /**
   * A step's error under its config path: {@code where: cannot compile CEL} at {@code processing.transforms[1]}
   * becomes {@code processing.transforms[1].where: cannot compile CEL}, as config errors read.
   */
  public static String at(String path, String message) {
    if (path == null) {
      return message;
    }
    return FIELD_FIRST.matcher(message).lookingAt() ? path + "." + message : path + ": " + message;
  }

  private static DeadLetter locate(Step step, DeadLetter letter, Origin origin) {
    String error = step.label() == null ? letter.error() : step.label() + ": " + letter.error();
    return new DeadLetter(letter.raw(), error, letter.stage(),
        letter.source() != null ? letter.source() : origin.source(),
        letter.position() != null ? letter.position() : origin.position(), letter.timestampMillis());
  }

  /** Closes every step. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (Step step : steps) {
      try {
        step.transform().close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
