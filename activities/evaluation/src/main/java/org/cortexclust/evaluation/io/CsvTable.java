package org.cortexclust.evaluation.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A CSV table as in docs/artifacts.md: UTF-8, header row, {@code ,} separator, {@code .} decimal point, empty
 * cell = missing; fields with a comma, quote or line break are quoted (RFC 4180, quotes doubled).
 */
public final class CsvTable {
  private final String source;
  private final List<String> header;
  private final Map<String, Integer> index;
  private final List<List<String>> rows;

  public CsvTable(String source, List<String> header, List<List<String>> rows) {
    this.source = source;
    this.header = List.copyOf(header);
    this.index = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      if (index.put(header.get(i), i) != null) {
        throw new IllegalArgumentException(source + ": duplicate column '" + header.get(i) + "' in the header");
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      if (rows.get(r).size() != header.size()) {
        throw new IllegalArgumentException(source + ": row " + (r + 2) + " has " + rows.get(r).size()
            + " fields, the header has " + header.size());
      }
    }
    this.rows = List.copyOf(rows);
  }

  public static CsvTable read(Path file) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(file.toString(), r);
    }
  }

  public static CsvTable parse(String source, BufferedReader r) throws IOException {
    List<List<String>> records = new ArrayList<>();
    List<String> rec = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    int line = 1;
    int c;
    while ((c = r.read()) != -1) {
      char ch = (char) c;
      if (quoted) {
        if (ch == '"') {
          r.mark(1);
          int next = r.read();
          if (next == '"') {
            field.append('"');
          } else {
            quoted = false;
            if (next != -1) {
              r.reset();
            }
          }
        } else {
          if (ch == '\n') {
            line++;
          }
          field.append(ch);
        }
        continue;
      }
      switch (ch) {
        case '"' -> {
          if (field.length() != 0) {
            throw new IOException(source + ": line " + line + ": quote inside an unquoted field");
          }
          quoted = true;
          any = true;
        }
        case ',' -> {
          rec.add(field.toString());
          field.setLength(0);
          any = true;
        }
        case '\r' -> { }
        case '\n' -> {
          if (any || field.length() > 0) {
            rec.add(field.toString());
            records.add(rec);
          }
          rec = new ArrayList<>();
          field.setLength(0);
          any = false;
          line++;
        }
        default -> {
          field.append(ch);
          any = true;
        }
      }
    }
    if (quoted) {
      throw new IOException(source + ": unterminated quoted field at end of file");
    }
    if (any || field.length() > 0) {
      rec.add(field.toString());
      records.add(rec);
    }
    if (records.isEmpty()) {
      throw new IOException(source + ": empty file, expected a header row");
    }
    List<String> header = records.get(0);
    if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
      header.set(0, header.get(0).substring(1));
    }
    return new CsvTable(source, header, records.subList(1, records.size()));
  }

  public String source() {
    return source;
  }

  public List<String> header() {
    return header;
  }

  public int size() {
    return rows.size();
  }

  public boolean has(String column) {
    return index.containsKey(column);
  }

  public OptionalInt columnIndex(String column) {
    Integer i = index.get(column);
    return i == null ? OptionalInt.empty() : OptionalInt.of(i);
  }

  public List<List<String>> rows() {
    return Collections.unmodifiableList(rows);
  }

  private int require(String column) {
    Integer i = index.get(column);
    if (i == null) {
      throw new IllegalArgumentException(source + ": missing column '" + column + "'; columns are " + header);
    }
    return i;
  }

  public String string(int row, String column) {
    return rows.get(row).get(require(column));
  }

  /** Numeric cell; empty = NaN. */
  public double number(int row, String column) {
    String s = string(row, column).trim();
    if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": row " + (row + 2) + ", column '" + column
          + "': expected a number, found '" + s + "'");
    }
  }

  /** Integer cell; empty = {@code missing}. */
  public int integer(int row, String column, int missing) {
    String s = string(row, column).trim();
    if (s.isEmpty()) {
      return missing;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": row " + (row + 2) + ", column '" + column
          + "': expected an integer, found '" + s + "'");
    }
  }

  public double[] numbers(String column) {
    double[] v = new double[rows.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = number(i, column);
    }
    return v;
  }

  /** Write a table (header + rows) as CSV. */
  public static void write(Path file, List<String> header, List<List<String>> rows) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(w, header, rows);
    }
  }

  public static void write(Writer w, List<String> header, List<List<String>> rows) throws IOException {
    writeRow(w, header);
    for (List<String> r : rows) {
      if (r.size() != header.size()) {
        throw new IllegalArgumentException("CSV row has " + r.size() + " fields, header has " + header.size());
      }
      writeRow(w, r);
    }
  }

  private static void writeRow(Writer w, List<String> r) throws IOException {
    for (int i = 0; i < r.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      w.write(quote(r.get(i)));
    }
    w.write('\n');
  }

  static String quote(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  /** A number cell: shortest round-trip form, empty for NaN. */
  public static String cell(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v).toLowerCase(Locale.ROOT);
  }
}
