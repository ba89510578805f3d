package nl.buurtroute.loadgen;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The figures of each member of a cluster over one generator run: {@code /api/stats} of every member (read at
 * once) where the {@link Coordinator} opens and closes its windows. Per member it adds up process CPU, frames
 * written and the cross-member bus messages it sent and read, over the vote windows (rounds 2–12, like the
 * generator's own CPU per vote) and over the state changes (next, openVoting, closeVoting, decide, finish).
 */
final class MemberMeter implements Coordinator.Windows {
  /** One member's counters as {@code /api/stats} shows them. */
  record Snapshot(double cpuSeconds, long framesOut, long busSent, long busReceived) {
    static Snapshot from(JsonObject stats) {
      JsonObject bus = stats.getJsonObject("cluster").getJsonObject("bus", new JsonObject());
      return new Snapshot(stats.getDouble("processCpuSeconds"), stats.getLong("framesOut"),
          bus.getLong("sent", 0L), bus.getLong("received", 0L));
    }

    Snapshot minus(Snapshot before) {
      return new Snapshot(cpuSeconds - before.cpuSeconds, framesOut - before.framesOut, busSent - before.busSent,
          busReceived - before.busReceived);
    }

    Snapshot plus(Snapshot other) {
      return new Snapshot(cpuSeconds + other.cpuSeconds, framesOut + other.framesOut, busSent + other.busSent,
          busReceived + other.busReceived);
    }

    static final Snapshot ZERO = new Snapshot(0, 0, 0, 0);
  }

  /**
   * What one member did in a run: over the whole play, in the counted vote windows, and in the state changes.
   * The per-vote and per-broadcast figures divide by the run's votes and state changes, not the member's.
   */
  record Member(String name, Snapshot play, Snapshot votes, Snapshot stateChanges) {
  }

  /** The members' figures of one run, with the run's counted votes and state changes. */
  record Figures(List<Member> members, long votes, long stateChanges) {
    Member total() {
      Snapshot play = Snapshot.ZERO;
      Snapshot votesWindow = Snapshot.ZERO;
      Snapshot changes = Snapshot.ZERO;
      for (Member m : members) {
        play = play.plus(m.play());
        votesWindow = votesWindow.plus(m.votes());
        changes = changes.plus(m.stateChanges());
      }
      return new Member("total", play, votesWindow, changes);
    }

    /** Messages this member sent to others in the vote windows, per vote of the run (null without votes). */
    Double sentPerVote(Member m) {
      return votes == 0 ? null : m.votes().busSent() / (double) votes;
    }

    Double receivedPerVote(Member m) {
      return votes == 0 ? null : m.votes().busReceived() / (double) votes;
    }

    /** Messages this member sent to others around the state changes, per state change (one per session and step). */
    Double sentPerBroadcast(Member m) {
      return stateChanges == 0 ? null : m.stateChanges().busSent() / (double) stateChanges;
    }

    Double receivedPerBroadcast(Member m) {
      return stateChanges == 0 ? null : m.stateChanges().busReceived() / (double) stateChanges;
    }

    /** Process CPU of this member in the vote windows per vote, in ms (raw: idle work of the window included). */
    Double cpuMillisPerVote(Member m) {
      return votes == 0 ? null : m.votes().cpuSeconds() * 1000 / votes;
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final List<String> urls;
  private final List<String> names;
  private final String adminToken;
  private Snapshot[] playStart;
  private Snapshot[] play;
  private Snapshot[] windowStart;
  private final Snapshot[] votes;
  private final Snapshot[] stateChanges;
  private long votesCounted;
  private long stateChangesCounted;

  MemberMeter(List<String> urls, List<String> names, String adminToken) {
    this.urls = List.copyOf(urls);
    this.names = List.copyOf(names);
    this.adminToken = adminToken;
    this.votes = zeros(urls.size());
    this.stateChanges = zeros(urls.size());
  }

  private static Snapshot[] zeros(int n) {
    Snapshot[] out = new Snapshot[n];
    java.util.Arrays.fill(out, Snapshot.ZERO);
    return out;
  }

  @Override
  public void playStarts() {
    playStart = take();
  }

  @Override
  public void playEnds() {
    Snapshot[] end = take();
    play = new Snapshot[end.length];
    for (int i = 0; i < end.length; i++) {
      play[i] = end[i].minus(playStart[i]);
    }
  }

  @Override
  public void voteWindowStarts() {
    windowStart = take();
  }

  @Override
  public void voteWindowEnds(int planned, boolean counted) {
    Snapshot[] end = take();
    if (counted) {
      add(votes, end);
      votesCounted += planned;
    }
  }

  @Override
  public void stateChangeStarts() {
    windowStart = take();
  }

  @Override
  public void stateChangeEnds(int sessions) {
    add(stateChanges, take());
    stateChangesCounted += sessions;
  }

  private void add(Snapshot[] into, Snapshot[] end) {
    for (int i = 0; i < end.length; i++) {
      into[i] = into[i].plus(end[i].minus(windowStart[i]));
    }
  }

  /** The figures so far (play is empty when the run stopped before its end). */
  Figures figures() {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      members.add(new Member(names.get(i), play == null ? Snapshot.ZERO : play[i], votes[i], stateChanges[i]));
    }
    return new Figures(members, votesCounted, stateChangesCounted);
  }

  /** {@code /api/stats} of every member, asked at the same time. */
  Snapshot[] take() {
    List<CompletableFuture<HttpResponse<String>>> asked = new ArrayList<>();
    for (String url : urls) {
      asked.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url + "/api/stats"))
          .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    Snapshot[] out = new Snapshot[urls.size()];
    for (int i = 0; i < out.length; i++) {
      HttpResponse<String> response = asked.get(i).join();
      if (response.statusCode() != 200) {
        throw new IllegalStateException(urls.get(i) + "/api/stats gaf " + response.statusCode());
      }
      out[i] = Snapshot.from(new JsonObject(response.body()));
    }
    return out;
  }

  /** The whole {@code /api/stats} of one member, for the takeover run's owner polling. */
  static JsonObject stats(String url, String adminToken) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/stats"))
          .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(url + "/api/stats gaf " + response.statusCode());
      }
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(url + "/api/stats: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
