package org.cortexclust.common.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The one CSV/TSV reader and writer of cortexclust (docs/artifacts.md): UTF-8 (a leading byte-order mark is
 * dropped, as Excel writes one), header row first, {@code ,} separator ({@code \t} for {@code .tsv}), RFC 4180
 * quoting ({@code "L2/3, PV"} is one cell, quotes doubled inside), {@code .} decimal point, empty cell = missing,
 * blank lines skipped. Parsing is Apache Commons CSV's; every error names the file and the line.
 *
 * <p>A first column with an empty header (or pandas' {@code Unnamed: 0}) is the row index that
 * {@code pandas.DataFrame.to_csv()} writes by default: {@link Table#indexColumn()} reports it so that readers of
 * feature tables do not take it as a feature.
 */
public final class Csv {
  private Csv() {}

  /** A parsed table: header and rows of equal width. */
  public static final class Table {
    private final String source;
    private final List<String> header;
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<List<String>> rows;

    public Table(String source, List<String> header, List<List<String>> rows) {
      this.source = source;
      this.header = List.copyOf(header);
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).isEmpty() && i == 0) continue; // pandas' index column: nameless, looked up by position
        if (columns.put(header.get(i), i) != null) {
          throw new IllegalArgumentException(source + ": duplicate column '" + header.get(i) + "' in the header");
        }
      }
      for (int r = 0; r < rows.size(); r++) {
        if (rows.get(r).size() != header.size()) {
          throw new IllegalArgumentException(source + ": row " + (r + 2) + " has " + rows.get(r).size() + " cells, the header has "
              + header.size() + " (" + header + ")");
        }
      }
      List<List<String>> copy = new ArrayList<>(rows.size());
      for (List<String> r : rows) copy.add(List.copyOf(r));
      this.rows = Collections.unmodifiableList(copy);
    }

    public String source() {
      return source;
    }

    public List<String> header() {
      return header;
    }

    /** Number of data rows (the header not counted). */
    public int size() {
      return rows.size();
    }

    public boolean has(String column) {
      return columns.containsKey(column);
    }

    /** Position of a column, or −1. */
    public int column(String column) {
      Integer i = columns.get(column);
      return i == null ? -1 : i;
    }

    public List<List<String>> rows() {
      return rows;
    }

    public List<String> row(int r) {
      return rows.get(r);
    }

    /**
     * Position of a pandas-style row index column (first header cell empty, or {@code Unnamed: 0}), or −1. Such a
     * column holds row labels, never data.
     */
    public int indexColumn() {
      if (header.isEmpty()) return -1;
      String h = header.get(0).trim();
      return h.isEmpty() || h.matches("Unnamed: ?0") ? 0 : -1;
    }

    private int require(String column) {
      Integer i = columns.get(column);
      if (i == null) throw new IllegalArgumentException(source + ": missing column '" + column + "'; columns are " + header);
      return i;
    }

    public String string(int row, String column) {
      return rows.get(row).get(require(column));
    }

    /** Numeric cell; empty or {@code nan} = NaN. */
    public double number(int row, String column) {
      return number(row, require(column));
    }

    /** Numeric cell at a column position; empty or {@code nan} = NaN. */
    public double number(int row, int column) {
      String s = rows.get(row).get(column).trim();
      if (s.isEmpty() || s.equalsIgnoreCase("nan")) return Double.NaN;
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(source + ": row " + (row + 2) + ", column '" + header.get(column) + "': expected a number, found '"
            + s + "'");
      }
    }

    /** Integer cell; empty = {@code missing}. */
    public int integer(int row, String column, int missing) {
      String s = string(row, column).trim();
      if (s.isEmpty()) return missing;
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(source + ": row " + (row + 2) + ", column '" + column + "': expected an integer, found '" + s
            + "'");
      }
    }

    /** Long integer cell (required). */
    public long longValue(int row, String column) {
      String s = string(row, column).trim();
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(source + ": row " + (row + 2) + ", column '" + column + "': expected an integer, found '" + s
            + "'");
      }
    }

    /** A whole column as strings. */
    public List<String> strings(String column) {
      int c = require(column);
      List<String> out = new ArrayList<>(rows.size());
      for (List<String> r : rows) out.add(r.get(c));
      return out;
    }

    public double[] numbers(String column) {
      int c = require(column);
      double[] v = new double[rows.size()];
      for (int i = 0; i < v.length; i++) v[i] = number(i, c);
      return v;
    }
  }

  /** Read a table; tab-separated when the file name ends in {@code .tsv}. */
  public static Table read(Path file) throws IOException {
    char sep = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(file.toString(), r, sep);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new IllegalArgumentException(file + ": not UTF-8 text (save the table as CSV UTF-8)");
    }
  }

  /** Parse comma-separated text. */
  public static Table parse(String source, Reader in) throws IOException {
    return parse(source, in, ',');
  }

  /** Parse a table with the given separator; an empty input is an error (a header row is required). */
  public static Table parse(String source, Reader in, char separator) throws IOException {
    CSVFormat f = CSVFormat.RFC4180.builder().setDelimiter(separator).setIgnoreEmptyLines(true).setIgnoreSurroundingSpaces(false)
        .build();
    List<List<String>> records = new ArrayList<>();
    try (CSVParser p = new CSVParser(in, f)) {
      for (CSVRecord rec : p) {
        List<String> cells = new ArrayList<>(rec.size());
        for (String s : rec) cells.add(s);
        records.add(cells);
      }
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException(source + ": not valid CSV: " + oneLine(e.getCause() == null ? e : e.getCause()));
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(source + ": not valid CSV: " + oneLine(e));
    }
    // whitespace-only lines are blank lines too
    records.removeIf(r -> r.size() == 1 && r.get(0).isBlank());
    if (records.isEmpty()) throw new IllegalArgumentException(source + ": empty file, expected a header row");
    List<String> header = new ArrayList<>(records.get(0));
    if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) header.set(0, header.get(0).substring(1));
    return new Table(source, header, records.subList(1, records.size()));
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ");
  }

  /** Write a table (header + rows) as CSV, quoting only cells that need it, {@code \n} line ends. */
  public static void write(Path file, List<String> header, List<? extends List<String>> rows) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(w, header, rows);
    }
  }

  public static void write(Writer w, List<String> header, List<? extends List<String>> rows) throws IOException {
    writeRow(w, header);
    for (List<String> r : rows) {
      if (r.size() != header.size()) {
        throw new IllegalArgumentException("CSV row has " + r.size() + " cells, the header has " + header.size());
      }
      writeRow(w, r);
    }
  }

  /** One row, cells quoted where needed, ended by {@code \n}. */
  public static void writeRow(Writer w, List<String> r) throws IOException {
    for (int i = 0; i < r.size(); i++) {
      if (i > 0) w.write(',');
      w.write(quote(r.get(i)));
    }
    w.write('\n');
  }

  /** A cell as RFC 4180 wants it: quoted (quotes doubled) when it holds a comma, quote or line break; null = empty. */
  public static String quote(String s) {
    if (s == null) return "";
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  /** A number cell: shortest round-trip form, empty for NaN. */
  public static String cell(double v) {
    if (Double.isNaN(v)) return "";
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return Double.toString(v).toLowerCase(Locale.ROOT);
  }
}
