package nl.buurtroute.loadgen;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one load-generator run does. Parsed from {@code --name value} arguments; see {@link #USAGE}.
 */
public record LoadOptions(String url,
                          int participants,
                          int sessions,
                          double spreadSeconds,
                          double changeShare,
                          int rounds,
                          double rampSeconds,
                          int loops,
                          int maxConnections,
                          long timeoutSeconds,
                          String adminToken,
                          String createCode,
                          long seed,
                          Path jsonOut,
                          String label,
                          List<String> moreUrls) {

  public static final int WHOLE_WALK = 12;

  public LoadOptions {
    moreUrls = moreUrls == null ? List.of() : List.copyOf(moreUrls);
  }

  /** One server: phones and facilitators all on {@code url}. */
  public LoadOptions(String url, int participants, int sessions, double spreadSeconds, double changeShare, int rounds,
                     double rampSeconds, int loops, int maxConnections, long timeoutSeconds, String adminToken,
                     String createCode, long seed, Path jsonOut, String label) {
    this(url, participants, sessions, spreadSeconds, changeShare, rounds, rampSeconds, loops, maxConnections,
        timeoutSeconds, adminToken, createCode, seed, jsonOut, label, List.of());
  }

  static final String USAGE = """
      gebruik: java -jar buurtroute.jar loadgen [opties]
        --url URL[,URL...]    server (alleen loopback), standaard http://127.0.0.1:8080; meerdere leden van een
                              cluster met komma's: sessies en begeleiders op de eerste, deelnemers om de beurt
                              over alle leden
        --participants N      deelnemers per sessie, standaard 100
        --sessions S          sessies, elk met een begeleider, standaard 1
        --spread T            stemmen verspreid over T seconden per ronde, standaard 10
        --change F            deel van de deelnemers dat zijn stem wijzigt (0..1), standaard 0.2
        --rounds R            vragen om te spelen, standaard 12 (de hele route, alle vier fasen)
        --ramp SECONDS        aanmelden verspreid over zoveel seconden, standaard deelnemers/2000
        --loops L             event loops van de generator, standaard 2
        --max-connections C   weigert runs boven zoveel verbindingen, standaard 25000
        --timeout SECONDS     breekt de run af na zoveel seconden, standaard 900
        --admin-token TOKEN   voor /api/stats als de server niet op loopback luistert (of BUURTROUTE_ADMIN_TOKEN)
        --create-code CODE    als de server een code vraagt om sessies te maken (of BUURTROUTE_CREATE_CODE)
        --seed N              voor herhaalbare keuzes, standaard 1
        --json FILE           schrijft het rapport ook als JSON naar FILE
      """;

  public static LoadOptions defaults() {
    return new LoadOptions("http://127.0.0.1:8080", 100, 1, 10, 0.2, WHOLE_WALK, -1, 2, 25_000, 900,
        System.getenv("BUURTROUTE_ADMIN_TOKEN"), System.getenv("BUURTROUTE_CREATE_CODE"), 1, null, null);
  }

  public static LoadOptions parse(String[] args, int from) {
    LoadOptions o = defaults();
    for (int i = from; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("waarde ontbreekt bij " + name);
      }
      String v = args[++i];
      o = switch (name) {
        case "--url" -> o.withUrl(v);
        case "--participants" -> o.with(Integer.parseInt(v), o.sessions, o.spreadSeconds, o.changeShare, o.rounds, o.rampSeconds);
        case "--sessions" -> o.with(o.participants, Integer.parseInt(v), o.spreadSeconds, o.changeShare, o.rounds, o.rampSeconds);
        case "--spread" -> o.with(o.participants, o.sessions, Double.parseDouble(v), o.changeShare, o.rounds, o.rampSeconds);
        case "--change" -> o.with(o.participants, o.sessions, o.spreadSeconds, Double.parseDouble(v), o.rounds, o.rampSeconds);
        case "--rounds" -> o.with(o.participants, o.sessions, o.spreadSeconds, o.changeShare, Integer.parseInt(v), o.rampSeconds);
        case "--ramp" -> o.with(o.participants, o.sessions, o.spreadSeconds, o.changeShare, o.rounds, Double.parseDouble(v));
        case "--loops" -> new LoadOptions(o.url, o.participants, o.sessions, o.spreadSeconds, o.changeShare, o.rounds,
            o.rampSeconds, Integer.parseInt(v), o.maxConnections, o.timeoutSeconds, o.adminToken, o.createCode, o.seed,
            o.jsonOut, o.label, o.moreUrls);
        case "--max-connections" -> new LoadOptions(o.url, o.participants, o.sessions, o.spreadSeconds, o.changeShare,
            o.rounds, o.rampSeconds, o.loops, Integer.parseInt(v), o.timeoutSeconds, o.adminToken, o.createCode, o.seed,
            o.jsonOut, o.label, o.moreUrls);
        case "--timeout" -> new LoadOptions(o.url, o.participants, o.sessions, o.spreadSeconds, o.changeShare,
            o.rounds, o.rampSeconds, o.loops, o.maxConnections, Long.parseLong(v), o.adminToken, o.createCode, o.seed,
            o.jsonOut, o.label, o.moreUrls);
        case "--admin-token" -> o.withTokens(v, o.createCode);
        case "--create-code" -> o.withTokens(o.adminToken, v);
        case "--seed" -> new LoadOptions(o.url, o.participants, o.sessions, o.spreadSeconds, o.changeShare,
            o.rounds, o.rampSeconds, o.loops, o.maxConnections, o.timeoutSeconds, o.adminToken, o.createCode,
            Long.parseLong(v), o.jsonOut, o.label, o.moreUrls);
        case "--json" -> new LoadOptions(o.url, o.participants, o.sessions, o.spreadSeconds, o.changeShare,
            o.rounds, o.rampSeconds, o.loops, o.maxConnections, o.timeoutSeconds, o.adminToken, o.createCode, o.seed,
            Path.of(v), o.label, o.moreUrls);
        default -> throw new IllegalArgumentException("onbekende optie " + name);
      };
    }
    o.validate();
    return o;
  }

  public LoadOptions with(int participants, int sessions, double spreadSeconds, double changeShare, int rounds,
                          double rampSeconds) {
    return new LoadOptions(url, participants, sessions, spreadSeconds, changeShare, rounds, rampSeconds, loops,
        maxConnections, timeoutSeconds, adminToken, createCode, seed, jsonOut, label, moreUrls);
  }

  /** One server, or (comma-separated) the members of a cluster: the first gets the sessions and facilitators. */
  public LoadOptions withUrl(String newUrl) {
    List<String> all = Arrays.stream(newUrl.split(",")).map(String::strip).filter(u -> !u.isEmpty())
        .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).toList();
    if (all.isEmpty()) {
      throw new IllegalArgumentException("--url is leeg");
    }
    return new LoadOptions(all.get(0), participants, sessions, spreadSeconds, changeShare, rounds, rampSeconds, loops,
        maxConnections, timeoutSeconds, adminToken, createCode, seed, jsonOut, label, all.subList(1, all.size()));
  }

  /** Every member the phones are spread over: {@code url} first, then {@link #moreUrls}. */
  public List<String> memberUrls() {
    List<String> all = new ArrayList<>();
    all.add(url);
    all.addAll(moreUrls);
    return all;
  }

  public LoadOptions withTokens(String newAdminToken, String newCreateCode) {
    return new LoadOptions(url, participants, sessions, spreadSeconds, changeShare, rounds, rampSeconds, loops,
        maxConnections, timeoutSeconds, newAdminToken, newCreateCode, seed, jsonOut, label, moreUrls);
  }

  public LoadOptions withLabel(String newLabel) {
    return new LoadOptions(url, participants, sessions, spreadSeconds, changeShare, rounds, rampSeconds, loops,
        maxConnections, timeoutSeconds, adminToken, createCode, seed, jsonOut, newLabel, moreUrls);
  }

  public LoadOptions withLimits(int newMaxConnections, long newTimeoutSeconds) {
    return new LoadOptions(url, participants, sessions, spreadSeconds, changeShare, rounds, rampSeconds, loops,
        newMaxConnections, newTimeoutSeconds, adminToken, createCode, seed, jsonOut, label, moreUrls);
  }

  public LoadOptions withSeed(long newSeed) {
    return new LoadOptions(url, participants, sessions, spreadSeconds, changeShare, rounds, rampSeconds, loops,
        maxConnections, timeoutSeconds, adminToken, createCode, newSeed, jsonOut, label, moreUrls);
  }

  public int connections() {
    return sessions * (participants + 1);
  }

  /** Seconds over which all participants join: the option, or one second per 2,000 participants. */
  public double effectiveRampSeconds() {
    return rampSeconds >= 0 ? rampSeconds : sessions * (double) participants / 2000.0;
  }

  public String effectiveLabel() {
    return label != null ? label : sessions == 1 ? "N=" + participants : sessions + "x" + participants;
  }

  public void validate() {
    if (participants < 1 || sessions < 1 || rounds < 0 || rounds > WHOLE_WALK || loops < 1 || spreadSeconds < 0
        || changeShare < 0 || changeShare > 1 || timeoutSeconds < 1) {
      throw new IllegalArgumentException("ongeldige waarden: " + this);
    }
    if (connections() > maxConnections) {
      throw new IllegalArgumentException(connections() + " verbindingen is meer dan --max-connections " + maxConnections);
    }
    for (String member : memberUrls()) {
      checkLoopback(member);
    }
  }

  private static void checkLoopback(String url) {
    URI uri = URI.create(url);
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("--url moet http://HOST:POORT zijn, niet " + url);
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
        if (!address.isLoopbackAddress()) {
          throw new IllegalArgumentException("de generator belast alleen een server op deze machine (loopback), niet "
              + uri.getHost());
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("onbekende host " + uri.getHost());
    }
  }

  String host() {
    return host(0);
  }

  int port() {
    return port(0);
  }

  /** Host of member {@code m} of {@link #memberUrls()}. */
  String host(int m) {
    return URI.create(memberUrls().get(m)).getHost();
  }

  int port(int m) {
    int port = URI.create(memberUrls().get(m)).getPort();
    return port < 0 ? 80 : port;
  }
}
