package dev.logpro.formats.parquet;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.column.ColumnDescriptor;

/**
 * One Arrow vector of the schema, with the Parquet levels that decide, for each (repetition, definition) pair read
 * from a leaf column, whether the vector gets a new slot and whether that slot is null. Reading a leaf column walks
 * the nodes on its path: a node gets a new slot when its repetition level is at least the value's ({@code rep >= r})
 * and the value reaches its slot's definition level ({@code d >= slotDef}); the slot holds a value when {@code d >=
 * validDef}. A struct's and a list's slots are made by their first leaf alone (every leaf under them carries the same
 * levels for them); a list's offsets come from how many elements its child has when each slot starts.
 */
final class Node {
  enum Kind { LEAF, STRUCT, LIST }

  final Kind kind;
  final Field field;
  final int rep;
  final int slotDef;
  final int validDef;
  final List<Node> children;
  /** For a leaf: its column and how its values are written. */
  ColumnDescriptor column;
  LeafValues values;
  /** The leaf that makes this node's slots: its first. */
  Node driver;

  // Per batch.
  FieldVector vector;
  int count;
  int[] starts = new int[0];
  boolean[] valid = new boolean[0];

  Node(Kind kind, Field field, int rep, int slotDef, int validDef, List<Node> children) {
    this.kind = kind;
    this.field = field;
    this.rep = rep;
    this.slotDef = slotDef;
    this.validDef = validDef;
    this.children = children;
  }

  /** Points this node and its children at the vectors of a new batch. */
  void bind(FieldVector vector) {
    this.vector = vector;
    this.count = 0;
    switch (kind) {
      case STRUCT -> {
        for (int i = 0; i < children.size(); i++) {
          children.get(i).bind((FieldVector) ((StructVector) vector).getChildByOrdinal(i));
        }
      }
      case LIST -> children.get(0).bind(((ListVector) vector).getDataVector());
      case LEAF -> values.bind(vector);
    }
  }

  static void bind(List<Node> columns, VectorSchemaRoot root) {
    for (int i = 0; i < columns.size(); i++) {
      columns.get(i).bind(root.getVector(i));
    }
  }

  /** A new slot of a struct or list, made by its driver leaf for a value at definition level {@code d}. */
  void newSlot(int d) {
    int index = count++;
    boolean present = d >= validDef;
    if (kind == Kind.STRUCT) {
      if (present) {
        ((StructVector) vector).setIndexDefined(index);
      }
      return;
    }
    if (index == starts.length) {
      starts = Arrays.copyOf(starts, Math.max(16, index * 2));
      valid = Arrays.copyOf(valid, starts.length);
    }
    starts[index] = children.get(0).count;
    valid[index] = present;
  }

  /** Writes a list's offsets and validity once every leaf under it was read. */
  void finishLists() {
    for (Node child : children) {
      child.finishLists();
    }
    if (kind != Kind.LIST) {
      return;
    }
    ListVector list = (ListVector) vector;
    int elements = children.get(0).count;
    for (int i = 0; i < count; i++) {
      if (valid[i]) {
        int start = list.startNewValue(i);
        int end = i + 1 < count ? starts[i + 1] : elements;
        list.endValue(i, end - start);
      } else {
        list.setNull(i);
      }
    }
  }

  /** The leaves under this node, in order. */
  void leaves(List<Node> out) {
    if (kind == Kind.LEAF) {
      out.add(this);
    }
    for (Node child : children) {
      child.leaves(out);
    }
  }
}
