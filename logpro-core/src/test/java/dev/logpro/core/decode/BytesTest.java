package dev.logpro.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BytesTest {
  @Test
  void findsTheSameBytesAsAPlainLoop() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 2000; round++) {
      byte[] data = new byte[random.nextInt(0, 40)];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) random.nextInt(-128, 128);
        if (random.nextInt(6) == 0) {
          data[i] = '"';
        }
      }
      int from = data.length == 0 ? 0 : random.nextInt(0, data.length);
      int to = random.nextInt(from, data.length + 1);
      for (byte target : new byte[] {'"', '\n', (byte) 0x80, 0}) {
        int expected = -1;
        for (int i = from; i < to; i++) {
          if (data[i] == target) {
            expected = i;
            break;
          }
        }
        assertThat(Bytes.indexOf(data, from, to, target)).isEqualTo(expected);
      }
    }
  }

  @Test
  void skipsPlainAsciiExactlyAsFarAsAPlainLoop() {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 20_000; round++) {
      byte[] data = new byte[random.nextInt(0, 48)];
      for (int i = 0; i < data.length; i++) {
        int pick = random.nextInt(40);
        data[i] = pick == 0 ? (byte) '"' : pick == 1 ? (byte) '\\' : pick == 2 ? (byte) random.nextInt(0, 0x20)
            : pick == 3 ? (byte) random.nextInt(-128, 0) : pick == 4 ? (byte) 0x20 : (byte) random.nextInt(0x21, 0x7F);
      }
      int from = data.length == 0 ? 0 : random.nextInt(0, data.length);
      int to = random.nextInt(from, data.length + 1);
      int expected = from;
      while (expected < to && data[expected] != '"' && data[expected] != '\\' && data[expected] >= 0x20) {
        expected++;
      }
      assertThat(Bytes.skipPlainAscii(data, from, to)).as("round %d", round).isEqualTo(expected);
    }
  }
}
