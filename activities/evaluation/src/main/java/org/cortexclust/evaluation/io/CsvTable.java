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
import java.util.Map;
import java.util.OptionalInt;
import org.cortexclust.common.io.Csv;

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

  /** Parsed by the one CSV reader, {@link Csv} (RFC 4180 quoting, BOM, blank lines). */
  public static CsvTable parse(String source, BufferedReader r) throws IOException {
    Csv.Table t = Csv.parse(source, r);
    return new CsvTable(source, t.header(), t.rows());
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
    Csv.write(w, header, rows);
  }

  static String quote(String s) {
    return Csv.quote(s);
  }

  /** A number cell: shortest round-trip form, empty for NaN. */
  public static String cell(double v) {
    return Csv.cell(v);
  }
}
