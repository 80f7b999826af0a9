package org.cortexclust.evaluation.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.cortexclust.common.io.Csv;

/**
 * A CSV table as in docs/artifacts.md, read and written by the one CSV parser ({@link Csv}: UTF-8, header row,
 * {@code ,} separator, RFC 4180 quoting, byte-order mark dropped, empty cell = missing); the report's view of it.
 */
public final class CsvTable {
  private final Csv.Table t;

  public CsvTable(String source, List<String> header, List<List<String>> rows) {
    this(new Csv.Table(source, header, rows));
  }

  private CsvTable(Csv.Table t) {
    this.t = t;
  }

  public static CsvTable read(Path file) throws IOException {
    return new CsvTable(Csv.read(file));
  }

  public static CsvTable parse(String source, BufferedReader r) throws IOException {
    return new CsvTable(Csv.parse(source, r));
  }

  public String source() {
    return t.source();
  }

  public List<String> header() {
    return t.header();
  }

  public int size() {
    return t.size();
  }

  public boolean has(String column) {
    return t.has(column);
  }

  public OptionalInt columnIndex(String column) {
    int i = t.column(column);
    return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
  }

  public List<List<String>> rows() {
    return t.rows();
  }

  public String string(int row, String column) {
    return t.string(row, column);
  }

  /** Numeric cell; empty = NaN. */
  public double number(int row, String column) {
    return t.number(row, column);
  }

  /** Integer cell; empty = {@code missing}. */
  public int integer(int row, String column, int missing) {
    return t.integer(row, column, missing);
  }

  public double[] numbers(String column) {
    return t.numbers(column);
  }

  /** Write a table (header + rows) as CSV. */
  public static void write(Path file, List<String> header, List<List<String>> rows) throws IOException {
    Csv.write(file, header, rows);
  }

  public static void write(Writer w, List<String> header, List<List<String>> rows) throws IOException {
    Csv.write(w, header, rows);
  }

  /** A number cell: shortest round-trip form, empty for NaN. */
  public static String cell(double v) {
    return Csv.cell(v);
  }
}
