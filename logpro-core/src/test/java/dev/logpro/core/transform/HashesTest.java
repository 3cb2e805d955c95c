package dev.logpro.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hash functions against their reference implementations' outputs. */
class HashesTest {

  private static long xxh64(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return Hashes.xxh64(bytes, 0, bytes.length);
  }

  /** Expected values printed by the reference tool, {@code printf '%s' TEXT | xxhsum -H64}. */
  @Test
  void xxh64MatchesTheReference() {
    assertThat(Long.toHexString(xxh64(""))).isEqualTo("ef46db3751d8e999");
    assertThat(Long.toHexString(xxh64("a"))).isEqualTo("d24ec4f1a98c6e5b");
    assertThat(Long.toHexString(xxh64("abc"))).isEqualTo("44bc2cf5ad770999");
    assertThat(Long.toHexString(xxh64("Nobody inspects the spammish repetition"))).isEqualTo("fbcea83c8a378bf1");
    assertThat(Long.toHexString(xxh64("0123456789abcdef0123456789abcdef0123456789abcdef-xyz!")))
        .isEqualTo("a970408807c473bb");
  }

  @Test
  void xxh64ReadsOnlyItsRange() {
    byte[] framed = "__abc__".getBytes(StandardCharsets.UTF_8);
    assertThat(Hashes.xxh64(framed, 2, 3)).isEqualTo(xxh64("abc"));
  }

  /** Guava's MurmurHash3 x64 128 is the reference here: every length from 0 to 100, every tail length. */
  @Test
  void murmur3MatchesGuavaForEveryLength() {
    Random random = new Random(42);
    long[] halves = new long[2];
    byte[] hex = new byte[32];
    for (int length = 0; length <= 100; length++) {
      byte[] bytes = new byte[length + 3];
      random.nextBytes(bytes);
      Hashes.murmur3x64_128(bytes, 3, length, halves);
      Hashes.hexLittleEndian(halves[0], hex, 0);
      Hashes.hexLittleEndian(halves[1], hex, 16);
      String expected = Hashing.murmur3_128().hashBytes(bytes, 3, length).toString();
      assertThat(new String(hex, StandardCharsets.US_ASCII)).as("length %d", length).isEqualTo(expected);
    }
  }
}
