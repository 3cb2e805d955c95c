package dev.logpro.iceberg;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * What every data file of one table is written with, worked out once: the Parquet schema with Iceberg field ids,
 * page, dictionary and row-group sizes and the codec from the table properties (overridden by the sink's
 * {@code overrides}), the footer metadata Iceberg writes, the metrics config, and what its files learn about their
 * columns' encodings ({@link EncodingHints}).
 */
record DataFileSettings(
    MessageType message,
    ParquetProperties properties,
    BytesInputCompressor compressor,
    long rowGroupBytes,
    Map<String, String> footer,
    MetricsConfig metrics,
    EncodingHints hints) {

  static DataFileSettings of(Table table, Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>(table.properties());
    props.putAll(overrides);
    int pageSize = PropertyUtil.propertyAsInt(
        props, org.apache.iceberg.TableProperties.PARQUET_PAGE_SIZE_BYTES,
        org.apache.iceberg.TableProperties.PARQUET_PAGE_SIZE_BYTES_DEFAULT);
    EncodingHints hints = new EncodingHints();
    ParquetProperties properties = ParquetProperties.builder()
        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
        .withPageSize(pageSize)
        .withPageRowCountLimit(PropertyUtil.propertyAsInt(
            props, org.apache.iceberg.TableProperties.PARQUET_PAGE_ROW_LIMIT,
            org.apache.iceberg.TableProperties.PARQUET_PAGE_ROW_LIMIT_DEFAULT))
        .withDictionaryEncoding(true)
        .withDictionaryPageSize(PropertyUtil.propertyAsInt(
            props, org.apache.iceberg.TableProperties.PARQUET_DICT_SIZE_BYTES,
            org.apache.iceberg.TableProperties.PARQUET_DICT_SIZE_BYTES_DEFAULT))
        .withValuesWriterFactory(new ValuesWriters(hints))
        .build();
    String codecName = props.getOrDefault(
        org.apache.iceberg.TableProperties.PARQUET_COMPRESSION,
        org.apache.iceberg.TableProperties.PARQUET_COMPRESSION_DEFAULT);
    CompressionCodecName codec = CompressionCodecName.valueOf(codecName.toUpperCase(Locale.ROOT));
    String level = props.get(org.apache.iceberg.TableProperties.PARQUET_COMPRESSION_LEVEL);
    long rowGroupBytes = PropertyUtil.propertyAsLong(
        props, org.apache.iceberg.TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES,
        org.apache.iceberg.TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES_DEFAULT);
    return new DataFileSettings(
        ParquetSchemaUtil.convert(table.schema(), "table"),
        properties,
        PageCompressors.forCodec(codec, level == null ? null : Integer.valueOf(level), pageSize),
        rowGroupBytes,
        Map.of("iceberg.schema", SchemaParser.toJson(table.schema())),
        MetricsConfig.forTable(table),
        hints);
  }
}
