package dev.logpro.formats.parquet;

import dev.logpro.core.source.file.ArrowFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.column.ColumnReadStore;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a Parquet file column chunk by column chunk into Arrow vectors: for each leaf column, its values and their
 * repetition and definition levels are walked once, filling the leaf's vector and, for the first leaf under a struct
 * or list, that vector's validity and offsets ({@link Node}). A batch is up to {@code maxRows} rows of one row group;
 * its token is {@code <row group>:<rows of it read>} ({@code <next group>:0} once a group is done), so a restart
 * resumes at the exact row.
 */
final class ParquetArrowReader implements ArrowFileReader {
  private final ParquetFileReader file;
  private final MessageType parquetSchema;
  private final List<Node> columns;
  private final List<Node> leaves = new ArrayList<>();
  /** For each leaf, the nodes from its top-level column down to it. */
  private final List<List<Node>> paths = new ArrayList<>();
  private final Schema schema;
  private final String createdBy;
  private int rowGroup;
  private long rowInGroup;
  private ColumnReader[] readers;
  private long[] consumed;

  ParquetArrowReader(Path path) throws IOException {
    this.file = ParquetFileReader.open(new LocalInputFile(path));
    try {
      this.parquetSchema = file.getFooter().getFileMetaData().getSchema();
      this.createdBy = file.getFooter().getFileMetaData().getCreatedBy();
      this.columns = ParquetSchemas.nodes(parquetSchema);
    } catch (RuntimeException e) {
      file.close();
      throw new IOException(e.getMessage(), e);
    }
    List<Field> fields = new ArrayList<>();
    for (Node column : columns) {
      fields.add(column.field);
      column.leaves(leaves);
    }
    this.schema = new Schema(fields);
    for (Node leaf : leaves) {
      paths.add(pathTo(leaf));
    }
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public boolean seek(String token) throws IOException {
    int colon = token.indexOf(':');
    try {
      int group = Integer.parseInt(token.substring(0, colon));
      long row = Long.parseLong(token.substring(colon + 1));
      int groups = file.getRowGroups().size();
      boolean fits = group >= 0 && row >= 0 && (group < groups ? row <= rowCount(group) : group == groups && row == 0);
      if (!fits) {
        return false;
      }
      rowGroup = group;
      if (group < groups && row > 0) {
        openRowGroup();
        skip(row);
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public Chunk next(BufferAllocator allocator, int maxRows) throws IOException {
    while (rowGroup < file.getRowGroups().size() && rowInGroup == rowCount(rowGroup)) {
      rowGroup++;
      rowInGroup = 0;
      readers = null;
    }
    if (rowGroup >= file.getRowGroups().size()) {
      return null;
    }
    if (readers == null) {
      openRowGroup();
    }
    int rows = (int) Math.min(maxRows, rowCount(rowGroup) - rowInGroup);
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    try {
      root.allocateNew();
      Node.bind(columns, root);
      for (int i = 0; i < leaves.size(); i++) {
        read(i, rows, true);
      }
      for (Node column : columns) {
        column.finishLists();
      }
      root.setRowCount(rows);
      rowInGroup += rows;
      boolean groupDone = rowInGroup == rowCount(rowGroup);
      return new Chunk(root, groupDone ? (rowGroup + 1) + ":0" : rowGroup + ":" + rowInGroup);
    } catch (IOException | RuntimeException e) {
      root.close();
      throw e;
    }
  }

  private long rowCount(int group) {
    return file.getRowGroups().get(group).getRowCount();
  }

  private void openRowGroup() throws IOException {
    PageReadStore pages = file.readRowGroup(rowGroup);
    if (pages == null) {
      throw new IOException("row group " + rowGroup + " is missing");
    }
    ColumnReadStore store = new ColumnReadStoreImpl(
        pages, new DummyRecordConverter(parquetSchema).getRootConverter(), parquetSchema, createdBy);
    readers = new ColumnReader[leaves.size()];
    consumed = new long[leaves.size()];
    for (int i = 0; i < leaves.size(); i++) {
      readers[i] = store.getColumnReader(leaves.get(i).column);
    }
    rowInGroup = 0;
  }

  private void skip(long rows) throws IOException {
    for (int i = 0; i < leaves.size(); i++) {
      read(i, rows, false);
    }
    rowInGroup = rows;
  }

  /**
   * Walks leaf {@code i} over the next {@code rows} records, writing them when {@code write} (else only skipping).
   * The path from the top-level column to the leaf is the chain of nodes whose slots each value may open.
   */
  private void read(int i, long rows, boolean write) throws IOException {
    Node leaf = leaves.get(i);
    List<Node> path = paths.get(i);
    ColumnReader reader = readers[i];
    long total = reader.getTotalValueCount();
    int maxDef = leaf.column.getMaxDefinitionLevel();
    long records = 0;
    while (consumed[i] < total) {
      int r = reader.getCurrentRepetitionLevel();
      if (r == 0) {
        if (records == rows) {
          break;
        }
        records++;
      }
      int d = reader.getCurrentDefinitionLevel();
      if (!write && d == maxDef) {
        reader.skip(); // consume() alone leaves an unread value in the page
      }
      if (write) {
        for (Node node : path) {
          if (node.rep >= r && d >= node.slotDef) {
            if (node != leaf) {
              if (node.driver == leaf) {
                node.newSlot(d);
              }
            } else {
              int index = node.count++;
              if (d == maxDef) {
                leaf.values.write(reader, index);
              }
            }
          }
        }
      }
      reader.consume();
      consumed[i]++;
    }
    if (records != rows) {
      throw new IOException("column " + leaf.column + " of row group " + rowGroup + " ends after " + records
          + " of " + rows + " rows");
    }
  }

  private List<Node> pathTo(Node leaf) {
    List<Node> path = new ArrayList<>();
    for (Node column : columns) {
      if (collectPath(column, leaf, path)) {
        return path;
      }
    }
    throw new IllegalStateException("no path to " + leaf.field);
  }

  private static boolean collectPath(Node node, Node leaf, List<Node> path) {
    path.add(node);
    if (node == leaf) {
      return true;
    }
    for (Node child : node.children) {
      if (collectPath(child, leaf, path)) {
        return true;
      }
    }
    path.remove(path.size() - 1);
    return false;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
