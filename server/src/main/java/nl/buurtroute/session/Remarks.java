package nl.buurtroute.session;

import nl.buurtroute.session.SessionEvent.RemarkHidden;
import nl.buurtroute.session.SessionEvent.RemarkMade;
import nl.buurtroute.session.SessionEvent.RemarkShown;
import nl.buurtroute.session.SessionEvent.RemarkWithdrawn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The remarks of one session and the one on the wall: their rules (length, five per participant per vraag,
 * only a remark that is not hidden goes on the beamer) and their part of the fold. Kept apart from
 * {@link Session} so the voting engine stays readable; Session calls it for the checks and applies.
 */
final class Remarks {
  static final int MAX_LENGTH = 280;
  static final int MAX_PER_PARTICIPANT_PER_VRAAG = 5;

  private final Map<String, Remark> byId = new LinkedHashMap<>();
  private String shownId;

  /** The text as it is kept: trimmed, every run of line breaks and tabs one space; or CommandRejected. */
  static String clean(String raw) {
    String text = raw == null ? "" : raw.replaceAll("[\\r\\n\\t]+", " ").strip();
    int length = text.codePointCount(0, text.length());
    if (length < 1) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Schrijf eerst iets in het vak.");
    }
    if (length > MAX_LENGTH) {
      throw new CommandRejected(ErrorCode.REMARK_TOO_LONG,
          "Je toelichting is te lang: " + length + " tekens, het mogen er " + MAX_LENGTH + " zijn.");
    }
    if (text.codePoints().anyMatch(Character::isISOControl)) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Je toelichting mag geen onzichtbare tekens bevatten.");
    }
    return text;
  }

  RemarkMade make(String participantId, String vraagId, String raw) {
    String text = clean(raw);
    long earlier = byId.values().stream()
        .filter(r -> r.participantId().equals(participantId) && r.vraagId().equals(vraagId)).count();
    if (earlier >= MAX_PER_PARTICIPANT_PER_VRAAG) {
      throw new CommandRejected(ErrorCode.TOO_MANY_REMARKS,
          "Je hebt al " + MAX_PER_PARTICIPANT_PER_VRAAG + " toelichtingen gegeven bij deze vraag.");
    }
    return new RemarkMade("r" + (byId.size() + 1), participantId, vraagId, text);
  }

  /** A remark that exists and is not hidden, or CommandRejected. */
  Remark visible(String remarkId) {
    Remark remark = remarkId == null ? null : byId.get(remarkId);
    if (remark == null || remark.hidden()) {
      throw new CommandRejected(ErrorCode.BAD_REQUEST, "Deze toelichting bestaat niet (meer).");
    }
    return remark;
  }

  void apply(SessionEvent event, String rol) {
    if (event instanceof RemarkMade e) {
      byId.put(e.remarkId(), new Remark(e.remarkId(), e.participantId(), rol, e.vraagId(), e.text(), false));
    } else if (event instanceof RemarkShown e) {
      shownId = e.remarkId();
    } else if (event instanceof RemarkWithdrawn) {
      shownId = null;
    } else if (event instanceof RemarkHidden e) {
      byId.computeIfPresent(e.remarkId(), (id, r) -> r.asHidden());
      if (e.remarkId().equals(shownId)) {
        shownId = null;
      }
    }
  }

  /** The wall shows a remark only while its vraag is the current one. */
  void leaveVraag() {
    shownId = null;
  }

  Optional<Remark> shown() {
    return Optional.ofNullable(shownId).map(byId::get);
  }

  List<Remark> visibleOn(String vraagId) {
    return byId.values().stream().filter(r -> !r.hidden() && r.vraagId().equals(vraagId)).toList();
  }

  List<Remark> all() {
    return List.copyOf(byId.values());
  }
}
