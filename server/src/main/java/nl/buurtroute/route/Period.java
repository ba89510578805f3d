package nl.buurtroute.route;

import nl.buurtroute.api.ApiException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * A period of whole days as the organisation means it: {@code from} and {@code to} are YYYY-MM-DD, both
 * included, in Dutch time (Europe/Amsterdam, the time zone of the exports). Either may be left out for an
 * open end. As instants: [from 00:00, the day after to 00:00).
 */
record Period(Instant from, Instant to, LocalDate fromDay, LocalDate toDay) {

  static Period of(String from, String to) {
    LocalDate fromDay = day("from", from);
    LocalDate toDay = day("to", to);
    if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
      throw new ApiException(400, "bad_period", "'to' ligt voor 'from'. Kies een einddatum op of na de begindatum.");
    }
    return new Period(fromDay == null ? null : fromDay.atStartOfDay(MarkdownExport.ZONE).toInstant(),
        toDay == null ? null : toDay.plusDays(1).atStartOfDay(MarkdownExport.ZONE).toInstant(), fromDay, toDay);
  }

  private static LocalDate day(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      LocalDate day = LocalDate.parse(raw.strip());
      if (day.getYear() < 1000 || day.getYear() > 9000) {
        throw new DateTimeParseException("out of range", raw, 0);
      }
      return day;
    } catch (DateTimeParseException e) {
      throw new ApiException(400, "bad_period", "'" + name + "' moet een datum zijn als 2025-03-31 (jaar-maand-dag).");
    }
  }
}
