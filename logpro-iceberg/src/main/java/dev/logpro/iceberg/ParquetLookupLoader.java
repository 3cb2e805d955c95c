package dev.logpro.iceberg;

import dev.logpro.core.transform.LookupLoader;
import dev.logpro.core.transform.LookupSource;
import java.io.File;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Files;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Loads a Parquet file as the {@code enrich} transform's lookup, with Iceberg's generic Parquet reader. A file
 * written without Iceberg field ids (by DuckDB, Spark, pandas) is read by column name.
 */
public final class ParquetLookupLoader implements LookupLoader {

  /** For {@link java.util.ServiceLoader}. */
  public ParquetLookupLoader() {}

  @Override
  public String format() {
    return "parquet";
  }

  @Override
  public List<String> check(LookupSource source) {
    return LookupLoader.checkFile(source);
  }

  @Override
  public VectorSchemaRoot load(LookupSource source, BufferAllocator allocator) throws Exception {
    File file = new File(source.path());
    MessageType type;
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file.toPath()))) {
      type = reader.getFileMetaData().getSchema();
      if (reader.getRecordCount() > source.maxRows()) {
        throw source.tooBig(reader.getRecordCount());
      }
    }
    Schema schema = ParquetSchemaUtil.convert(ParquetSchemaUtil.hasIds(type) ? type
        : ParquetSchemaUtil.addFallbackIds(type));
    return LookupRecords.load(schema,
        Parquet.read(Files.localInput(file))
            .project(schema)
            .withNameMapping(MappingUtil.create(schema))
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
            .build(),
        source, allocator);
  }
}
