package dev.logpro.core.config;

import java.util.Collection;

/** The known name a mistyped one was most likely meant to be, by edit distance; none when nothing is close. */
final class Suggestions {
  private Suggestions() {}

  /**
   * The name in {@code known} closest to {@code typed}, or {@code null} when none is close: at most one edit away
   * for names of up to four characters, two up to nine and three for longer ones ({@code memory_limit} is
   * {@code memory_limit_mb}); a swap of neighbours counts as one edit.
   */
  static String closest(String typed, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(typed, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best != null && bestDistance <= (best.length() <= 4 ? 1 : best.length() <= 9 ? 2 : 3) ? best : null;
  }

  /**
   * What is wrong with a name that is not one of {@code known}: {@code what} followed by the closest known name when
   * one is close ({@code unknown key — did you mean format?}), or by the list of them.
   */
  static String unknown(String what, String typed, Collection<String> known) {
    String closest = closest(typed, known);
    return closest != null ? what + " — did you mean " + closest + "?"
        : what + " (expected one of: " + String.join(", ", known) + ")";
  }

  /** Edits (insert, delete, replace a character, or swap two neighbours) that turn {@code a} into {@code b}. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
