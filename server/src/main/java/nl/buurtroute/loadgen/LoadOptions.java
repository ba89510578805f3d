package nl.buurtroute.loadgen;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;

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
                          String label) {

  public static final int WHOLE_WALK = 12;

  static final String USAGE = """
      gebruik: java -jar buurtroute.jar loadgen [opties]
        --url URL             server (alleen loopback), standaard http://127.0.0.1:8080
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
            o.jsonOut, o.label);
        case "--max-connections" -> new LoadOptions(o.url, o.participants, o.sessions, o.spreadSeconds, o.changeShare,
            o.rounds, o.rampSeconds, o.loops, Integer.parseInt(v), o.timeoutSeconds, o.adminToken, o.createCode, o.seed,
            o.jsonOut, o.label);
        case "--timeout" -> new LoadOptions(o.url, o.participants, o.sessions, o.spreadSeconds, o.changeShare,
            o.rounds, o.rampSeconds, o.loops, o.maxConnections, Long.parseLong(v), o.adminToken, o.createCode, o.seed,
            o.jsonOut, o.label);
        case "--admin-token" -> o.withTokens(v, o.createCode);
        case "--create-code" -> o.withTokens(o.adminToken, v);
        case "--seed" -> new LoadOptions(o.url, o.participants, o.sessions, o.spreadSeconds, o.changeShare,
            o.rounds, o.rampSeconds, o.loops, o.maxConnections, o.timeoutSeconds, o.adminToken, o.createCode,
            Long.parseLong(v), o.jsonOut, o.label);
        case "--json" -> new LoadOptions(o.url, o.participants, o.sessions, o.spreadSeconds, o.changeShare,
            o.rounds, o.rampSeconds, o.loops, o.maxConnections, o.timeoutSeconds, o.adminToken, o.createCode, o.seed,
            Path.of(v), o.label);
        default -> throw new IllegalArgumentException("onbekende optie " + name);
      };
    }
    o.validate();
    return o;
  }

  public LoadOptions with(int participants, int sessions, double spreadSeconds, double changeShare, int rounds,
                          double rampSeconds) {
    return new LoadOptions(url, participants, sessions, spreadSeconds, changeShare, rounds, rampSeconds, loops,
        maxConnections, timeoutSeconds, adminToken, createCode, seed, jsonOut, label);
  }

  public LoadOptions withUrl(String newUrl) {
    return new LoadOptions(newUrl.endsWith("/") ? newUrl.substring(0, newUrl.length() - 1) : newUrl, participants,
        sessions, spreadSeconds, changeShare, rounds, rampSeconds, loops, maxConnections, timeoutSeconds, adminToken,
        createCode, seed, jsonOut, label);
  }

  public LoadOptions withTokens(String newAdminToken, String newCreateCode) {
    return new LoadOptions(url, participants, sessions, spreadSeconds, changeShare, rounds, rampSeconds, loops,
        maxConnections, timeoutSeconds, newAdminToken, newCreateCode, seed, jsonOut, label);
  }

  public LoadOptions withLabel(String newLabel) {
    return new LoadOptions(url, participants, sessions, spreadSeconds, changeShare, rounds, rampSeconds, loops,
        maxConnections, timeoutSeconds, adminToken, createCode, seed, jsonOut, newLabel);
  }

  public LoadOptions withSeed(long newSeed) {
    return new LoadOptions(url, participants, sessions, spreadSeconds, changeShare, rounds, rampSeconds, loops,
        maxConnections, timeoutSeconds, adminToken, createCode, newSeed, jsonOut, label);
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
    return URI.create(url).getHost();
  }

  int port() {
    int port = URI.create(url).getPort();
    return port < 0 ? 80 : port;
  }
}
