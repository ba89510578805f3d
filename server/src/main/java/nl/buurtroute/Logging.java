package nl.buurtroute;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** One line per log record, level from {@code BUURTROUTE_LOG_LEVEL} (default INFO). */
final class Logging {
  // Held here: java.util.logging keeps loggers only weakly, and a collected logger forgets its level.
  private static final Logger NETTY = Logger.getLogger("io.netty");
  private static final Logger MICROMETER = Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");

  private Logging() {
  }

  static void configure(String level) {
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    ConsoleHandler handler = new ConsoleHandler();
    handler.setFormatter(new SimpleFormatter());
    Level parsed = parse(level);
    handler.setLevel(parsed);
    root.setLevel(parsed);
    root.addHandler(handler);
    NETTY.setLevel(Level.WARNING);
    // Vert.x's Micrometer binding registers its event-bus handler gauge twice and Micrometer warns once at
    // every start; the gauge works, and an operator should not learn to ignore warnings.
    MICROMETER.setLevel(Level.SEVERE);
  }

  private static Level parse(String level) {
    if (level == null || level.isBlank()) {
      return Level.INFO;
    }
    return switch (level.strip().toUpperCase()) {
      case "DEBUG", "FINE" -> Level.FINE;
      case "WARN", "WARNING" -> Level.WARNING;
      case "ERROR", "SEVERE" -> Level.SEVERE;
      case "TRACE", "ALL" -> Level.ALL;
      default -> Level.INFO;
    };
  }
}
