package org.cortexclust.data.embeddings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortexclust.common.io.Csv;
import org.cortexclust.common.io.NeuronsCsv;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.io.Npz;

/**
 * An embeddings table made elsewhere (neuralpredictors, Sensorium baselines, a lab's own code), read from .npy,
 * .npz or .csv/.tsv, optionally joined with a meta table, and written in cortexclust's embeddings format
 * ({@code embeddings.npy} (N, f, n) float32 + {@code neurons.csv}). Every problem names the file, the row or
 * column, what was expected and what was found.
 *
 * @param data  N·f·n values, neuron-major, feature-major within a neuron (index = feature·n + rotation)
 * @param ids   neuron ids (from the table's id column), or null when the table has none
 */
public record ImportedEmbeddings(int n, int f, int rotations, float[] data, String[] ids, Map<String, String[]> meta, Taken taken) {

  /**
   * What the reader took from the file, to be said to the user (log, --json, import.json).
   *
   * @param source         the file (and array)
   * @param featureColumns the table columns taken as features, in order (empty for arrays)
   * @param idColumn       the table column taken as neuron ids, or null
   * @param indexColumn    a pandas-style row index column that was recognised and not taken as a feature, or null
   */
  public record Taken(String source, List<String> featureColumns, String idColumn, String indexColumn) {
    public Taken {
      featureColumns = List.copyOf(featureColumns);
    }

    /** One line for a log. */
    public String describe(int n, int f, int rotations) {
      StringBuilder sb = new StringBuilder(source).append(": ").append(n).append(" neurons x ").append(f * rotations)
          .append(" values (").append(f).append(" features x ").append(rotations).append(" rotations)");
      if (!featureColumns.isEmpty()) {
        sb.append("; feature columns: ").append(featureColumns.size() <= 12 ? featureColumns
            : featureColumns.subList(0, 6) + " ... " + featureColumns.subList(featureColumns.size() - 3, featureColumns.size()));
      }
      if (idColumn != null) sb.append("; id column: '").append(idColumn).append("'");
      if (indexColumn != null) sb.append("; column ").append(indexColumn.isEmpty() ? "with an empty header" : "'" + indexColumn + "'")
          .append(" is a pandas row index (to_csv), not taken as a feature");
      return sb.toString();
    }
  }

  /** Columns of the meta table we understand, with the aliases users write. */
  static final Map<String, List<String>> META_COLUMNS = new LinkedHashMap<>();

  static {
    META_COLUMNS.put("mouse", List.of("mouse", "animal", "data_key", "session"));
    META_COLUMNS.put("unit_id", List.of("unit_id", "id", "neuron_id", "unit"));
    META_COLUMNS.put("readout_x", List.of("readout_x", "x"));
    META_COLUMNS.put("readout_y", List.of("readout_y", "y"));
    META_COLUMNS.put("rho_st_val", List.of("rho_st_val"));
    META_COLUMNS.put("rho_st_test", List.of("rho_st_test", "rho_st", "single_trial_correlation", "performance"));
    META_COLUMNS.put("corr_to_avg", List.of("corr_to_avg", "correlation_to_average"));
    META_COLUMNS.put("gt_type", List.of("gt_type", "label", "type", "cell_type", "known_label"));
    META_COLUMNS.put("gt_orientation", List.of("gt_orientation", "orientation", "preferred_orientation"));
  }

  /** Read embeddings (and the meta table when given). */
  public static ImportedEmbeddings read(Path file, int rotations, String idColumn, String array, Path metaFile) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    if (rotations < 1) {
      throw new IllegalArgumentException("--rotations must be >= 1, got " + rotations);
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    Raw raw;
    if (name.endsWith(".npy")) {
      raw = fromArray(file.toString(), Npy.read(file), rotations);
    } else if (name.endsWith(".npz")) {
      raw = fromArray(file + (array == null ? "" : ":" + array), npzArray(file, array), rotations);
    } else if (name.endsWith(".csv") || name.endsWith(".tsv")) {
      raw = fromTable(file, rotations, idColumn);
    } else {
      throw new IllegalArgumentException(file + ": expected an .npy, .npz, .csv or .tsv file");
    }
    checkFinite(raw.source, raw.data, raw.n, raw.f * raw.r);
    Map<String, String[]> meta = metaFile == null ? Map.of() : joinMeta(metaFile, raw, idColumn);
    return new ImportedEmbeddings(raw.n, raw.f, raw.r, raw.data, raw.ids, meta, raw.taken);
  }

  private record Raw(String source, int n, int f, int r, float[] data, String[] ids, Taken taken) {
    Raw(String source, int n, int f, int r, float[] data, String[] ids) {
      this(source, n, f, r, data, ids, new Taken(source, List.of(), null, null));
    }
  }

  private static Raw fromArray(String source, NpyArray a, int rotations) {
    long[] s = a.shape();
    if ((s.length == 2 || s.length == 3) && (s[0] > Integer.MAX_VALUE || s[1] > Integer.MAX_VALUE
        || (s.length == 3 && s[2] > Integer.MAX_VALUE))) {
      throw new IllegalArgumentException(source + ": shape " + a.shapeString() + " is too large (each axis must be below 2^31)");
    }
    if (!a.dtype().isNumeric() || a.dtype() == org.cortexclust.common.io.NpyDType.BOOL) {
      throw new IllegalArgumentException(source + ": expected a float array, found dtype " + a.descr());
    }
    if (s.length == 2) {
      if (s[1] % rotations != 0) {
        throw new IllegalArgumentException(source + ": d = " + s[1] + " values per neuron is not divisible by --rotations " + rotations);
      }
      return new Raw(source, (int) s[0], (int) (s[1] / rotations), rotations, a.toFloatArray(), null);
    }
    if (s.length == 3) {
      if (rotations != 1 && s[2] != rotations) {
        throw new IllegalArgumentException(source + ": shape " + a.shapeString() + " has " + s[2] + " rotations on its last axis, "
            + "but --rotations is " + rotations);
      }
      return new Raw(source, (int) s[0], (int) s[1], (int) s[2], a.toFloatArray(), null);
    }
    throw new IllegalArgumentException(source + ": expected shape (N, d) or (N, f, n), found " + a.shapeString());
  }

  private static NpyArray npzArray(Path file, String array) throws IOException {
    List<String> names = Npz.names(file);
    String pick = array != null ? array : names.contains("embeddings") ? "embeddings" : names.size() == 1 ? names.get(0) : null;
    if (pick == null) {
      throw new IllegalArgumentException(file + ": holds arrays " + names + "; name the embeddings with --array (or call it 'embeddings')");
    }
    return Npz.read(file, pick);
  }

  private static Raw fromTable(Path file, int rotations, String idColumn) throws IOException {
    List<String[]> rows = readTable(file);
    if (rows.size() < 2) {
      throw new IllegalArgumentException(file + ": expected a header row and one row per neuron, found " + rows.size() + " rows");
    }
    String[] header = rows.get(0);
    int idc = idColumn(header, idColumn, file);
    // pandas' to_csv() writes its row index first under an empty header: row labels, never a feature
    int index = idc != 0 && (header[0].trim().isEmpty() || header[0].trim().matches("Unnamed: ?0")) ? 0 : -1;
    if (idc < 0 && index == 0) {
      idc = 0; // the index labels the rows: take it as the ids
    }
    int d = header.length - (idc >= 0 ? 1 : 0) - (index >= 0 && index != idc ? 1 : 0);
    List<String> features = new ArrayList<>();
    for (int c = 0; c < header.length; c++) {
      if (c != idc && c != index) features.add(header[c]);
    }
    if (d % rotations != 0) {
      throw new IllegalArgumentException(file + ": d = " + d + " feature columns is not divisible by --rotations " + rotations);
    }
    int n = rows.size() - 1;
    float[] data = new float[n * d];
    String[] ids = idc >= 0 ? new String[n] : null;
    for (int i = 0; i < n; i++) {
      String[] row = rows.get(i + 1);
      if (row.length != header.length) {
        throw new IllegalArgumentException(file + ": row " + (i + 2) + " has " + row.length + " cells, the header has " + header.length);
      }
      int k = 0;
      for (int c = 0; c < row.length; c++) {
        if (c == idc) {
          ids[i] = row[c];
          continue;
        }
        if (c == index) {
          continue;
        }
        try {
          data[i * d + k++] = row[c].isBlank() ? Float.NaN : Float.parseFloat(row[c].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(file + ": row " + (i + 2) + ", column '" + header[c] + "': expected a number, found '" + row[c]
              + "' (name the id column with --id-column if this is it)");
        }
      }
    }
    return new Raw(file.toString(), n, d / rotations, rotations, data, ids, new Taken(file.toString(), features,
        idc >= 0 ? header[idc] : null, index >= 0 ? header[index] : null));
  }

  private static int idColumn(String[] header, String idColumn, Path file) {
    List<String> h = Arrays.asList(header);
    if (idColumn != null) {
      int i = h.indexOf(idColumn);
      if (i < 0) {
        throw new IllegalArgumentException(file + ": no column '" + idColumn + "'; columns are " + h);
      }
      return i;
    }
    for (String c : List.of("unit_id", "id", "neuron_id")) {
      if (h.contains(c)) {
        return h.indexOf(c);
      }
    }
    return -1;
  }

  private static void checkFinite(String source, float[] data, int n, int d) {
    List<Integer> bad = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        if (!Float.isFinite(data[i * d + j])) {
          bad.add(i);
          break;
        }
      }
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(source + ": " + bad.size() + " neuron rows contain NaN or infinite values, e.g. rows (0-based) "
          + bad.subList(0, Math.min(10, bad.size())));
    }
  }

  private static Map<String, String[]> joinMeta(Path metaFile, Raw raw, String idColumn) throws IOException {
    List<String[]> rows = readTable(metaFile);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(metaFile + ": empty table");
    }
    String[] header = rows.get(0);
    int metaId = idColumn(header, idColumn, metaFile);
    int[] order = new int[raw.n];
    if (raw.ids != null && metaId >= 0) {
      Map<String, Integer> byId = new HashMap<>();
      for (int r = 1; r < rows.size(); r++) {
        byId.put(rows.get(r)[metaId], r);
      }
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < raw.n; i++) {
        Integer r = byId.get(raw.ids[i]);
        if (r == null) {
          missing.add(raw.ids[i]);
        } else {
          order[i] = r;
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(metaFile + ": " + missing.size() + " of " + raw.n + " embedding ids have no row in the meta table "
            + "(column '" + header[metaId] + "'), e.g. " + missing.subList(0, Math.min(5, missing.size())));
      }
    } else {
      if (rows.size() - 1 != raw.n) {
        throw new IllegalArgumentException(metaFile + ": " + (rows.size() - 1) + " rows, but the embeddings have " + raw.n
            + " neurons (joined by row: give both tables an id column to join by id)");
      }
      for (int i = 0; i < raw.n; i++) {
        order[i] = i + 1;
      }
    }
    Map<String, String[]> out = new LinkedHashMap<>();
    List<String> h = Arrays.asList(header);
    for (var e : META_COLUMNS.entrySet()) {
      int c = -1;
      for (String alias : e.getValue()) {
        if (h.contains(alias)) {
          c = h.indexOf(alias);
          break;
        }
      }
      if (c < 0) {
        continue;
      }
      String[] v = new String[raw.n];
      for (int i = 0; i < raw.n; i++) {
        String[] row = rows.get(order[i]);
        if (row.length != header.length) {
          throw new IllegalArgumentException(metaFile + ": row " + (order[i] + 1) + " has " + row.length + " cells, the header has " + header.length);
        }
        v[i] = row[c];
      }
      out.put(e.getKey(), v);
    }
    return out;
  }

  /** CSV (comma) or TSV (tab, by extension), header first, read by the one CSV parser ({@link Csv}). */
  static List<String[]> readTable(Path file) throws IOException {
    Csv.Table t = Csv.read(file);
    List<String[]> rows = new ArrayList<>(t.size() + 1);
    rows.add(t.header().toArray(String[]::new));
    for (List<String> r : t.rows()) rows.add(r.toArray(String[]::new));
    return rows;
  }

  /** Write {@code embeddings.npy} (N, f, n) float32. */
  public void writeNpy(Path file) throws IOException {
    Npy.write(file, NpyArray.ofFloats(data, n, f, rotations));
  }

  /** Write {@code neurons.csv} in the embeddings format (docs/artifacts.md), meta columns filled where known. */
  public void writeNeuronsCsv(Path file, String defaultMouse) throws IOException {
    boolean gt = meta.containsKey("gt_type");
    List<String> cols = new ArrayList<>(NeuronsCsv.COLUMNS);
    if (gt) cols.addAll(NeuronsCsv.TRUTH_COLUMNS);
    NeuronsCsv.write(file, gt, n, i -> {
      String[] cells = new String[cols.size()];
      cells[0] = Integer.toString(i);
      for (int c = 1; c < cells.length; c++) {
        String name = cols.get(c);
        String v = meta.containsKey(name) ? meta.get(name)[i] : null;
        if (v == null && name.equals("mouse")) v = defaultMouse;
        if (v == null && name.equals("unit_id")) v = ids != null ? ids[i] : Integer.toString(i);
        cells[c] = v;
      }
      return cells;
    });
  }
}
