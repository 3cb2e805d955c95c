package dev.logpro.iceberg;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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

  /**
   * ZSTD, one frame per page. A fresh compression context per page (what {@code Zstd.compressByteArray} does)
   * allocates and clears about a megabyte of match tables every time, which cost more than a tenth of the compression
   * itself; so contexts are pooled for the whole process, one per page compressed at the same moment (zstd-jni frees a
   * context only when closed, so they are kept, not made per thread). Each thread keeps its own page and output
   * buffers: the output holds the result until the page writer copies it, before that thread compresses again.
   */
  private static final class ZstdCompressor implements BytesInputCompressor {
    private static final Map<Integer, Queue<ZstdCompressCtx>> CONTEXTS = new ConcurrentHashMap<>();

    private final int level;
    private final Queue<ZstdCompressCtx> contexts;
    private final ThreadLocal<PageBuffers> buffers = ThreadLocal.withInitial(PageBuffers::new);

    ZstdCompressor(int level) {
      this.level = level;
      this.contexts = CONTEXTS.computeIfAbsent(level, l -> new ConcurrentLinkedQueue<>());
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      PageBuffers page = buffers.get();
      page.fill(bytes);
      int bound = (int) Zstd.compressBound(page.length);
      if (page.output.length < bound) {
        page.output = new byte[bound];
      }
      ZstdCompressCtx context = contexts.poll();
      if (context == null) {
        context = new ZstdCompressCtx().setLevel(level);
      }
      try {
        int compressed = context.compressByteArray(page.output, 0, page.output.length, page.input, 0, page.length);
        return BytesInput.from(page.output, 0, compressed);
      } catch (ZstdException e) {
        throw new IllegalStateException("Cannot compress Parquet page with ZSTD: " + e.getMessage(), e);
      } finally {
        contexts.add(context);
      }
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.ZSTD;
    }

    @Override
    public void release() {}
  }

  /** One thread's page bytes (gathered from the page's parts) and compressed output, reused page after page. */
  private static final class PageBuffers extends OutputStream {
    private byte[] input = new byte[0];
    private int length;
    private byte[] output = new byte[0];

    void fill(BytesInput bytes) throws IOException {
      int size = Math.toIntExact(bytes.size());
      if (input.length < size) {
        input = new byte[size];
      }
      length = 0;
      bytes.writeAllTo(this);
    }

    @Override
    public void write(int b) {
      input[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, input, length, len);
      length += len;
    }
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
    public BytesInput compress(BytesInput bytes) throws IOException {
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
