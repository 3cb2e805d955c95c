package dev.logpro.iceberg;

import com.github.luben.zstd.Zstd;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page compressors that several threads may call at once: the columns of a row group compress their pages in
 * parallel through the one compressor a Parquet page store holds. parquet-hadoop's compressors keep one reused
 * output buffer each, so they are not shared: ZSTD goes straight to zstd-jni, other codecs get one parquet-hadoop
 * compressor per thread (the bytes it returns are copied by the page writer before that thread compresses again).
 */
final class PageCompressors {

  private PageCompressors() {}

  static BytesInputCompressor forCodec(CompressionCodecName codec, Integer level, int pageSize) {
    if (codec == CompressionCodecName.ZSTD) {
      return new ZstdCompressor(level == null ? Zstd.defaultCompressionLevel() : level);
    }
    return new PerThread(codec, pageSize);
  }

  /** ZSTD, one frame per page, into a per-thread buffer that holds the result until the page writer copies it. */
  private static final class ZstdCompressor implements BytesInputCompressor {
    private final int level;
    private final ThreadLocal<byte[]> output = ThreadLocal.withInitial(() -> new byte[0]);

    ZstdCompressor(int level) {
      this.level = level;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws java.io.IOException {
      byte[] input = bytes.toByteArray();
      int bound = (int) Zstd.compressBound(input.length);
      byte[] out = output.get();
      if (out.length < bound) {
        out = new byte[bound];
        output.set(out);
      }
      long size = Zstd.compressByteArray(out, 0, out.length, input, 0, input.length, level);
      if (Zstd.isError(size)) {
        throw new IllegalStateException("Cannot compress Parquet page with ZSTD: " + Zstd.getErrorName(size));
      }
      return BytesInput.from(out, 0, (int) size);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.ZSTD;
    }

    @Override
    public void release() {}
  }

  private static final class PerThread implements BytesInputCompressor {
    private final CompressionCodecName codec;
    private final ThreadLocal<BytesInputCompressor> compressors;

    PerThread(CompressionCodecName codec, int pageSize) {
      this.codec = codec;
      this.compressors = ThreadLocal.withInitial(
          () -> new CodecFactory(new Configuration(false), pageSize).getCompressor(codec));
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws java.io.IOException {
      return compressors.get().compress(bytes);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {}
  }
}
