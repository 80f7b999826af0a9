package org.cortexclust.clustering;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cortexclust.clustering.method.Clustering;
import org.cortexclust.clustering.method.ClusteringMethods;
import org.cortexclust.clustering.method.GaussianMixtureMethod;
import org.cortexclust.common.config.ClusteringConfig;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.io.Npz;
import org.cortexclust.common.stage.StageWork;

/**
 * What a scikit-learn user expects beside {@code labels.csv} (docs/artifacts.md):
 * <ul>
 *   <li>{@code clustering.json}: per method the recommended k, its column, the rule that chose it, the method's
 *       options (GMM's {@code covariance_type} named as scikit-learn names it: {@code diag} or {@code full}), and per
 *       fit its objective, iterations, convergence and whether it has centres, soft assignments and a predict;</li>
 *   <li>{@code centres.npz}: one float64 (k, d) array per fit that has centres ({@code cluster_centers_} /
 *       {@code means_}), named METHOD_K, in the coordinates the methods clustered (the aligned embeddings);</li>
 *   <li>{@code soft.npz}: one float64 (N, k) array per fit with soft assignments ({@code predict_proba}), rows in
 *       labels.csv order.</li>
 * </ul>
 */
public final class ClusteringOutputs {
  private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private ClusteringOutputs() {}

  static void write(StageWork work, ClusteringConfig c, ClusteringSuite.Report rep) throws IOException {
    Map<String, NpyArray> centres = new LinkedHashMap<>(), soft = new LinkedHashMap<>();
    ObjectNode root = summary(c, rep, centres, soft);
    if (!centres.isEmpty()) {
      Path p = work.workDir().resolve("centres.npz");
      Npz.write(p, centres);
      work.addOutput("centres.npz", p);
    }
    if (!soft.isEmpty()) {
      Path p = work.workDir().resolve("soft.npz");
      Npz.write(p, soft);
      work.addOutput("soft.npz", p);
    }
    Path p = work.workDir().resolve("clustering.json");
    JSON.writeValue(p.toFile(), root);
    work.addOutput("clustering.json", p);
  }

  /** The clustering.json tree; fills {@code centres} and {@code soft} with the arrays it refers to. */
  static ObjectNode summary(ClusteringConfig c, ClusteringSuite.Report rep, Map<String, NpyArray> centres, Map<String, NpyArray> soft) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode methods = root.putObject("methods");
    for (ClusteringSuite.Fit f : rep.fits()) {
      Clustering cl = f.clustering();
      String m = cl.method();
      ObjectNode mn = (ObjectNode) methods.get(m);
      if (mn == null) {
        mn = methods.putObject(m);
        Integer rec = rep.recommended().get(m);
        mn.put("recommended_k", rec);
        mn.put("recommended_column", m + "_" + rec);
        mn.put("selected_by", rep.rules().get(m));
        mn.put("objective", cl.objectiveName());
        if (ClusteringMethods.builtIn().has(m)) {
          Record o = ClusteringMethods.builtIn().get(m).options(c);
          mn.set("options", JSON.valueToTree(o));
          if (o instanceof GaussianMixtureMethod.Options g) mn.put("covariance_type", GaussianMixtureMethod.covarianceType(g.covariance()));
        }
        mn.putObject("fits");
      }
      ObjectNode fn = ((ObjectNode) mn.get("fits")).putObject(cl.column());
      fn.put("k", cl.k());
      fn.put("objective", cl.objective());
      fn.put("iterations", cl.iterations());
      fn.put("converged", cl.converged());
      fn.put("can_predict", cl.canPredict());
      if (cl.hasCentres()) {
        double[][] ce = cl.centres();
        centres.put(cl.column(), matrix(ce));
        fn.put("centres", "centres.npz:" + cl.column());
      }
      if (cl.hasSoft()) {
        soft.put(cl.column(), matrix(cl.soft()));
        fn.put("soft", "soft.npz:" + cl.column());
      }
    }
    return root;
  }

  static NpyArray matrix(double[][] a) {
    int r = a.length, w = r == 0 ? 0 : a[0].length;
    double[] flat = new double[r * w];
    for (int i = 0; i < r; i++) System.arraycopy(a[i], 0, flat, i * w, w);
    return NpyArray.ofDoubles(flat, r, w);
  }
}
