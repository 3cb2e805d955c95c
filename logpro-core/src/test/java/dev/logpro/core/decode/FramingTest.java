package dev.logpro.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.core.decode.Framing.Framer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramingTest {

  private static int complete(Framer framer, String text, boolean endOfInput) {
    byte[] bytes = ("##" + text).getBytes(StandardCharsets.UTF_8);
    return framer.completeRecords(bytes, 2, bytes.length - 2, endOfInput);
  }

  @Test
  void ndjsonEndsAfterTheLastNewline() {
    Framer framer = Framing.forFormat("ndjson");
    assertThat(complete(framer, "{\"a\":1}\n{\"a\":2}\n{\"a\"", false)).isEqualTo(16);
    assertThat(complete(framer, "{\"a\"", false)).isZero();
    assertThat(complete(framer, "{\"a\"", true)).isEqualTo(4);
  }

  @Test
  void csvEndsOnNewlinesOutsideQuotes() {
    Framer framer = Framing.forFormat("CSV");
    assertThat(complete(framer, "a,\"x\ny\"\r\nb,\"open\n", false)).isEqualTo(9);
    assertThat(complete(framer, "a,\"say \"\"\n\"\"\"\nb", false)).isEqualTo(14);
    assertThat(complete(framer, "a,\"open\n", false)).isZero();
    assertThat(complete(framer, "a,\"open\n", true)).isEqualTo(8);
    assertThat(complete(framer, "17.9\"W,x\nnext", false)).as("a quote inside a field is plain").isEqualTo(9);
    assertThat(complete(Framing.forCsv(';', '\''), "a;'x\n';\"\nb", false)).isEqualTo(9);
  }

  @Test
  void findsTheCsvHeader() {
    byte[] file = "\uFEFF\"id\",\"na\nme\"\r\n1,x\n".getBytes(StandardCharsets.UTF_8);
    assertThat(Framing.csvHeaderLength(file, 0, file.length)).isEqualTo(17);
    assertThat(Framing.csvHeaderText(file, 0, file.length)).isEqualTo("\"id\",\"na\nme\"");
    assertThat(Framing.csvHeaderLength(file, 0, 10)).isEqualTo(-1);
    assertThat(Framing.csvHeaderText(file, 0, 10)).isNull();
  }

  @Test
  void rejectsUnknownFormats() {
    assertThatThrownBy(() -> Framing.forFormat("parquet"))
        .hasMessage("Cannot frame format 'parquet': only csv and ndjson have record framing");
    assertThatThrownBy(() -> Framing.forCsv(',', ','))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
