package nl.buurtroute.session;

import nl.buurtroute.content.Antwoord;
import nl.buurtroute.content.Rol;
import nl.buurtroute.content.Vraag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running count of one vraag's vote, kept as plain arrays so that a vote costs O(1) however many
 * people are in the room. Owned by {@link Session}; never shared across threads.
 */
final class Tally {
  private final List<String> antwoordIds;
  private final List<String> rolIds;
  private final int[][] counts;
  private int voters;

  Tally(Vraag vraag, List<Rol> rollen) {
    this.antwoordIds = vraag.antwoorden().stream().map(Antwoord::id).toList();
    this.rolIds = rollen.stream().map(Rol::id).toList();
    this.counts = new int[antwoordIds.size()][rolIds.size()];
  }

  static Tally of(Vraag vraag, List<Rol> rollen, Counts counts) {
    Tally tally = new Tally(vraag, rollen);
    for (int a = 0; a < tally.antwoordIds.size(); a++) {
      for (int r = 0; r < tally.rolIds.size(); r++) {
        tally.counts[a][r] = counts.count(tally.antwoordIds.get(a), tally.rolIds.get(r));
      }
    }
    tally.voters = counts.voters();
    return tally;
  }

  void add(String antwoordId, String rolId) {
    counts[antwoordIds.indexOf(antwoordId)][rolIds.indexOf(rolId)]++;
    voters++;
  }

  void remove(String antwoordId, String rolId) {
    counts[antwoordIds.indexOf(antwoordId)][rolIds.indexOf(rolId)]--;
    voters--;
  }

  int voters() {
    return voters;
  }

  int votersOfRol(String rolId) {
    int r = rolIds.indexOf(rolId);
    int sum = 0;
    for (int[] row : counts) {
      sum += row[r];
    }
    return sum;
  }

  /** The antwoord with strictly the most votes; null on a tie or when nobody voted. */
  String majority() {
    String best = null;
    int bestTotal = 0;
    boolean tie = false;
    for (int a = 0; a < counts.length; a++) {
      int total = 0;
      for (int n : counts[a]) {
        total += n;
      }
      if (total > bestTotal) {
        best = antwoordIds.get(a);
        bestTotal = total;
        tie = false;
      } else if (total == bestTotal && total > 0) {
        tie = true;
      }
    }
    return tie ? null : best;
  }

  Counts snapshot() {
    Map<String, Map<String, Integer>> perAntwoord = new LinkedHashMap<>();
    for (int a = 0; a < counts.length; a++) {
      Map<String, Integer> perRol = new LinkedHashMap<>();
      for (int r = 0; r < rolIds.size(); r++) {
        perRol.put(rolIds.get(r), counts[a][r]);
      }
      perAntwoord.put(antwoordIds.get(a), perRol);
    }
    return new Counts(perAntwoord, voters);
  }
}
