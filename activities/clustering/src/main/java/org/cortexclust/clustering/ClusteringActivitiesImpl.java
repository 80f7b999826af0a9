package org.cortexclust.clustering;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortexclust.clustering.kselection.KSelection;
import org.cortexclust.clustering.linalg.DotKernel;
import org.cortexclust.clustering.tsne.TSne;
import org.cortexclust.common.config.ClusteringConfig;
import org.cortexclust.common.io.EmbeddingArrays;
import org.cortexclust.common.io.LabelsCsv;
import org.cortexclust.common.io.NeuronsCsv;
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
 * {@code kselection.csv} (method,k,metric,value), {@code tsne.npy} float32 (N, 2), and what scikit-learn users
 * expect beside the labels ({@link ClusteringOutputs}: {@code clustering.json}, {@code centres.npz},
 * {@code soft.npz}).
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
      NeuronsCsv t = NeuronsCsv.read(work.inputFile("embeddings", "neurons.csv"), n);
      ids = t.index();
      truth = t.truthCodes();
    }
    ClusteringSuite.Report rep = ClusteringSuite.run(x, truth, c, work.seed(), work.progress());

    Map<String, int[]> columns = new LinkedHashMap<>();
    for (ClusteringSuite.Fit f : rep.fits()) columns.put(f.column(), f.labels());
    Path labels = work.workDir().resolve("labels.csv");
    LabelsCsv.write(labels, ids, columns);
    work.addOutput("labels.csv", labels);
    Path ksel = work.workDir().resolve("kselection.csv");
    try (BufferedWriter w = Files.newBufferedWriter(ksel, StandardCharsets.UTF_8)) {
      w.write("method,k,metric,value\n");
      for (KSelection.Row r : rep.kselection()) {
        w.write(r.method() + "," + r.k() + "," + r.metric() + "," + (Double.isFinite(r.value()) ? fmt(r.value()) : "") + "\n");
      }
    }
    work.addOutput("kselection.csv", ksel);
    ClusteringOutputs.write(work, c, rep);
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
}
