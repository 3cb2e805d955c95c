package dev.logpro.iceberg;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;

/**
 * Columns added and types widened by the batches of the current commit, staged until the data that needs them is
 * committed. The table itself does not change until then; in between, files are written against a staged view of
 * the table whose schema has the new columns with the field ids they will get.
 *
 * <p>Each batch schema that changed something is one step, merged by name with Iceberg's own rules
 * ({@code UpdateSchema.unionByNameWith}: new columns, nested ones too, are added as optional; int widens to long,
 * float to double, a decimal's precision grows; anything else is refused). At commit the same steps are replayed, in
 * order, in the commit's transaction on the refreshed table. Field ids follow from the base schema and the steps, so
 * if another writer changed the schema meanwhile the replay gives other ids than the files carry: then the commit
 * is refused rather than made wrong, and a restart rewrites the rows from the committed positions.
 */
final class SchemaEvolution {
  private final List<Schema> steps = new ArrayList<>();
  private Transaction staged;
  private org.apache.arrow.vector.types.pojo.Schema lastSeen;
  private org.apache.arrow.vector.types.pojo.Schema arrow;

  /**
   * Stages what a batch of {@code batchSchema} needs beyond the table (and earlier steps); true when that changed
   * the schema files are written with.
   */
  boolean stage(Table table, org.apache.arrow.vector.types.pojo.Schema batchSchema) {
    if (batchSchema.equals(lastSeen)) {
      return false;
    }
    Schema current = writeTable(table).schema();
    Schema step = ArrowSchemas.toIceberg(batchSchema);
    Transaction candidate = stagedWith(table, step);
    lastSeen = batchSchema;
    if (candidate.table().schema().sameSchema(current)) {
      return false;
    }
    steps.add(step);
    staged = candidate;
    arrow = null;
    return true;
  }

  boolean hasChanges() {
    return !steps.isEmpty();
  }

  /** The table files are written to: the staged view while changes wait for a commit. */
  Table writeTable(Table table) {
    return staged == null ? table : staged.table();
  }

  org.apache.arrow.vector.types.pojo.Schema arrowSchema(Table table) {
    if (arrow == null || staged == null) {
      arrow = ArrowSchemas.toArrow(writeTable(table).schema());
    }
    return arrow;
  }

  /**
   * A transaction on the refreshed table holding the staged changes, ready for the commit's append.
   *
   * @throws IllegalStateException if the table's schema changed under us so that the replay assigns other ids
   */
  Transaction replay(Table table) {
    Schema written = staged.table().schema();
    table.refresh();
    Transaction transaction = stagedWith(table, null);
    Schema replayed = transaction.table().schema();
    if (!replayed.sameSchema(written)) {
      throw new IllegalStateException(String.format(
          "Cannot commit to %s: its schema changed while this run was adding columns to it (written with %s, the"
              + " table would now give %s); nothing was committed, a restart writes the rows again",
          table.name(), written, replayed));
    }
    return transaction;
  }

  /** Called once the changes are in the table. */
  void committed() {
    steps.clear();
    staged = null;
    lastSeen = null;
    arrow = null;
  }

  private Transaction stagedWith(Table table, Schema extra) {
    Transaction transaction = table.newTransaction();
    for (Schema step : steps) {
      transaction.updateSchema().unionByNameWith(step).commit();
    }
    if (extra != null) {
      transaction.updateSchema().unionByNameWith(extra).commit();
    }
    return transaction;
  }
}
