package dev.logpro.core.sink.stdout;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.logpro.api.ComponentContext;
import dev.logpro.api.Sink;
import dev.logpro.core.arrow.RowJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Prints rows as JSON lines. Row at a time, for people to read: not a hot path. */
final class StdoutSink implements Sink {
  private final PrintStream out;
  private final long maxRows;
  private long printed;
  private JsonGenerator json;

  StdoutSink(PrintStream out, long maxRows) {
    this.out = out;
    this.maxRows = maxRows;
  }

  @Override
  public void open(ComponentContext context) throws IOException {
    json = new JsonFactory().createGenerator((OutputStream) out);
    json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    json.setRootValueSeparator(null);
  }

  @Override
  public void write(VectorSchemaRoot batch) throws IOException {
    for (int row = 0; row < batch.getRowCount(); row++) {
      if (maxRows > 0 && printed >= maxRows) {
        return;
      }
      RowJson.writeRow(json, batch, row);
      json.writeRaw('\n');
      printed++;
    }
  }

  @Override
  public void flush() throws IOException {
    json.flush();
  }

  @Override
  public void close() throws IOException {
    if (json != null) {
      json.flush();
      json.close();
    }
  }
}
