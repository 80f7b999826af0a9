package org.cortexclust.clustering;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortexclust.alignment.EmbeddingArrays;
import org.cortexclust.clustering.gmm.GaussianMixture;
import org.cortexclust.clustering.kselection.KSelection;
import org.cortexclust.clustering.linalg.DotKernel;
import org.cortexclust.clustering.spectral.Discretisation;
import org.cortexclust.clustering.tsne.TSne;
import org.cortexclust.common.config.ClusteringConfig;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.workflows.contract.ClusteringActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;

/**
 * Stage adapter: input "aligned" ({@code aligned.npy}; falls back to "embeddings"/{@code embeddings.npy} when the
 * run has no alignment) and optionally "embeddings" ({@code neurons.csv}: row ids and {@code gt_type}) →
 * {@link ClusteringSuite} and {@link TSne} → {@code labels.csv} (index + one METHOD_K column per fit),
 * {@code kselection.csv} (method,k,metric,value), {@code tsne.npy} float32 (N, 2).
 */
public final class ClusteringActivitiesImpl implements ClusteringActivities {
  private final StageRunner runner;

  public ClusteringActivitiesImpl(StageRunner runner) {
    this.runner = runner;
  }

  @Override
  public StageOutput cluster(StageInput in) {
    return runner.run(in, List.of("seed", "clustering"), this::body);
  }

  private void body(StageWork work) throws IOException {
    DotKernel.preload(); // OpenBLAS loads while the data is fetched and read, not in the first fit
    ClusteringConfig c = work.config().clustering();
    boolean hasAligned = has(work, "aligned");
    boolean hasEmbeddings = has(work, "embeddings");
    if (!hasAligned && !hasEmbeddings) throw new IllegalArgumentException("clustering needs input 'aligned' or 'embeddings'");
    Path dataFile = hasAligned ? work.inputFile("aligned", "aligned.npy") : work.inputFile("embeddings", "embeddings.npy");
    double[][] x = EmbeddingArrays.read(dataFile).rows();
    int n = x.length;
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) ids[i] = i;
    int[] truth = null;
    if (hasEmbeddings && work.inputManifest("embeddings").outputs().containsKey("neurons.csv")) {
      NeuronTable t = NeuronTable.read(work.inputFile("embeddings", "neurons.csv"), n);
      ids = t.index;
      truth = t.groundTruth;
    }
    ClusteringSuite.Options o = new ClusteringSuite.Options(c.methods(), c.ks().stream().mapToInt(Integer::intValue).toArray(),
        c.restarts(), c.maxIterations(), c.stabilityRuns(), c.silhouetteSample(), c.gapReferences(),
        GaussianMixture.Covariance.parse(c.gmmCovariance(), "clustering.gmm_covariance"), c.gmmRegCovar(), c.graphNeighbours(),
        c.graphScaleNeighbour(), Discretisation.parse(c.spectralDiscretisation(), "clustering.spectral_discretisation"), c.secMu(),
        c.secGamma(), c.ldmgiNeighbours(), c.ldmgiLambda(),
        Discretisation.parse(c.embeddedDiscretisation(), "clustering.embedded_discretisation"), work.seed());
    ClusteringSuite.Report rep = ClusteringSuite.run(x, truth, o, work.progress());

    Path labels = work.workDir().resolve("labels.csv");
    try (BufferedWriter w = Files.newBufferedWriter(labels, StandardCharsets.UTF_8)) {
      w.write("index");
      for (ClusteringSuite.Fit f : rep.fits()) w.write("," + f.column());
      w.write("\n");
      for (int i = 0; i < n; i++) {
        StringBuilder sb = new StringBuilder().append(ids[i]);
        for (ClusteringSuite.Fit f : rep.fits()) sb.append(',').append(f.labels()[i]);
        w.write(sb.append('\n').toString());
      }
    }
    work.addOutput("labels.csv", labels);
    Path ksel = work.workDir().resolve("kselection.csv");
    try (BufferedWriter w = Files.newBufferedWriter(ksel, StandardCharsets.UTF_8)) {
      w.write("method,k,metric,value\n");
      for (KSelection.Row r : rep.kselection()) {
        w.write(r.method() + "," + r.k() + "," + r.metric() + "," + (Double.isFinite(r.value()) ? fmt(r.value()) : "") + "\n");
      }
    }
    work.addOutput("kselection.csv", ksel);
    if (c.tsne() && n >= 4) {
      TSne.Options to = new TSne.Options(c.tsnePerplexity(), 12, c.tsneEarlyIterations(), c.tsneIterations(), 0, 0.8, c.tsneTheta(),
          work.seed());
      TSne.Result t = TSne.fit(x, to, work.progress());
      float[] flat = new float[2 * n];
      for (int i = 0; i < n; i++) {
        flat[2 * i] = (float) t.embedding()[i][0];
        flat[2 * i + 1] = (float) t.embedding()[i][1];
      }
      Path tp = work.workDir().resolve("tsne.npy");
      Npy.write(tp, NpyArray.ofFloats(flat, n, 2));
      work.addOutput("tsne.npy", tp);
      work.metric("tsne_kl", t.kl());
    }
    work.metric("neurons", n);
    for (Map.Entry<String, Double> e : rep.metrics().entrySet()) work.metric(e.getKey(), e.getValue());
  }

  private static boolean has(StageWork work, String input) {
    try {
      work.inputManifest(input);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.10g", v);
  }

  /** {@code neurons.csv}: the {@code index} column and, when present, {@code gt_type} coded as ints (−1 = empty). */
  static final class NeuronTable {
    final long[] index;
    final int[] groundTruth;

    private NeuronTable(long[] index, int[] groundTruth) {
      this.index = index;
      this.groundTruth = groundTruth;
    }

    static NeuronTable read(Path file, int expectedRows) throws IOException {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty()) throw new IllegalArgumentException(file + ": empty neurons.csv (expected a header row)");
      List<String> header = List.of(lines.get(0).split(",", -1));
      int ic = header.indexOf("index"), gc = header.indexOf("gt_type");
      if (ic < 0) throw new IllegalArgumentException(file + ": neurons.csv has no 'index' column; header is " + header);
      List<String> rows = new ArrayList<>();
      for (String l : lines.subList(1, lines.size())) if (!l.isBlank()) rows.add(l);
      if (rows.size() != expectedRows) {
        throw new IllegalArgumentException(file + ": neurons.csv has " + rows.size() + " rows but the embeddings have " + expectedRows);
      }
      long[] idx = new long[rows.size()];
      int[] gt = gc < 0 ? null : new int[rows.size()];
      Map<String, Integer> codes = new HashMap<>();
      for (int i = 0; i < rows.size(); i++) {
        String[] cells = rows.get(i).split(",", -1);
        try {
          idx[i] = Long.parseLong(cells[ic].trim());
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
          throw new IllegalArgumentException(file + ": row " + (i + 2) + ": 'index' must be an integer, found '"
              + (ic < cells.length ? cells[ic] : "") + "'");
        }
        if (gt != null) {
          String v = gc < cells.length ? cells[gc].trim() : "";
          gt[i] = v.isEmpty() ? -1 : codes.computeIfAbsent(v, key -> codes.size());
        }
      }
      return new NeuronTable(idx, gt);
    }
  }
}
