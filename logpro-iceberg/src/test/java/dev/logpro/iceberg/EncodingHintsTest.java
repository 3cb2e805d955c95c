package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A column whose dictionary was given up starts the next files plain, and tries a dictionary again now and then. */
class EncodingHintsTest {

  @Test
  void aGivenUpDictionaryIsSkippedThenTriedAgainEverySixteenthFile() {
    EncodingHints hints = new EncodingHints();
    assertThat(hints.startPlain("token")).as("nothing learned yet").isFalse();

    hints.gaveUpDictionary("token");
    List<Boolean> next = new ArrayList<>();
    for (int file = 0; file < EncodingHints.RETRY_EVERY; file++) {
      next.add(hints.startPlain("token"));
    }

    assertThat(next.subList(0, EncodingHints.RETRY_EVERY - 1)).containsOnly(true);
    assertThat(next.get(EncodingHints.RETRY_EVERY - 1)).as("the 16th file tries the dictionary again").isFalse();
    assertThat(hints.startPlain("country")).as("other columns are not affected").isFalse();
  }

  @Test
  void aDictionaryThatPaysOffIsKeptTrying() {
    EncodingHints hints = new EncodingHints();
    hints.gaveUpDictionary("city");
    hints.keptDictionary("city");
    assertThat(hints.startPlain("city")).isFalse();
  }
}
