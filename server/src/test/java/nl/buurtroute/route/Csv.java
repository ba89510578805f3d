package nl.buurtroute.route;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict reader for tests of what a spreadsheet reads back from our export: the contract's CSV (a UTF-8 byte
 * order mark first, ';' between cells, CRLF rows, RFC 4180 quoting).
 */
final class Csv {
  private Csv() {
  }

  static List<List<String>> parse(String file) {
    if (file.isEmpty() || file.charAt(0) != '\uFEFF') {
      throw new AssertionError("the file does not start with a byte order mark");
    }
    String text = file.substring(1);
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        if (cell.length() > 0) {
          throw new AssertionError("quote inside an unquoted cell at " + i);
        }
        quoted = true;
      } else if (c == ';') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r') {
        if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
          throw new AssertionError("bare CR at " + i);
        }
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else if (c == '\n') {
        throw new AssertionError("bare LF at " + i);
      } else {
        cell.append(c);
      }
      i++;
    }
    if (quoted || cell.length() > 0 || !row.isEmpty()) {
      throw new AssertionError("the last row does not end with CRLF");
    }
    return rows;
  }
}
