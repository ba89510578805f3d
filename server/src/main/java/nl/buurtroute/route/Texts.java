package nl.buurtroute.route;

import nl.buurtroute.content.Antwoord;
import nl.buurtroute.content.Content;

/** The Dutch words the exports use for the route's codes. */
final class Texts {
  private Texts() {
  }

  static String decidedBy(String wire) {
    return "facilitator".equals(wire) ? "begeleider" : "meerderheid";
  }

  static String reason(String reason) {
    if (reason == null) {
      return null;
    }
    return switch (reason) {
      case "tie" -> "gelijke stand";
      case "noVotes" -> "geen stemmen";
      case "override" -> "afwijkend van de meerderheid";
      case "confirmed" -> "meerderheid bevestigd";
      default -> reason;
    };
  }

  static String status(String status) {
    return switch (status) {
      case "lobby" -> "nog niet begonnen";
      case "running" -> "bezig";
      case "finished" -> "afgerond";
      default -> status;
    };
  }

  static String rolNaam(Content content, String rolId) {
    return content.rol(rolId).map(r -> r.naam()).orElse(rolId);
  }

  static String antwoordTekst(Content content, String vraagId, String antwoordId) {
    return content.vraag(vraagId).flatMap(v -> v.antwoord(antwoordId)).map(Antwoord::tekst).orElse(antwoordId);
  }
}
