package nl.buurtroute.route;

import java.util.List;

/**
 * The one CSV writer behind every CSV export, written for spreadsheets as Dutch users open them: ';' between
 * cells (Excel with Dutch settings reads ',' as the decimal sign and would put a whole row in one column), a
 * UTF-8 byte order mark first (else Excel reads the bytes as Windows-1252), CRLF after every row, a cell in
 * double quotes (quotes doubled) when it holds ';', '"', CR or LF. A cell that starts with '=', '+', '-', '@',
 * a tab or a carriage return gets a leading apostrophe, so a spreadsheet shows it as text instead of running it
 * as a formula; this holds for every cell, numbers included (ours are never negative, so they pass unchanged).
 */
final class CsvWriter {
  static final char BYTE_ORDER_MARK = '\uFEFF';
  static final char SEPARATOR = ';';
  private static final String CRLF = "\r\n";

  private final StringBuilder out = new StringBuilder().append(BYTE_ORDER_MARK);

  /** Appends one row; null cells are empty, other cells are written with {@code toString()}. */
  CsvWriter row(List<?> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(SEPARATOR);
      }
      Object cell = cells.get(i);
      out.append(cell(cell == null ? "" : cell.toString()));
    }
    out.append(CRLF);
    return this;
  }

  /** The file so far, byte order mark first. */
  String text() {
    return out.toString();
  }

  /** One cell, defused against formulas and quoted when needed. */
  static String cell(String value) {
    String text = value == null ? "" : value;
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.indexOf(SEPARATOR) >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }
}
