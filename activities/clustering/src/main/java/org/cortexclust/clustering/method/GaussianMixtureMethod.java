package org.cortexclust.clustering.method;

import java.util.List;
import org.cortexclust.clustering.gmm.GaussianMixture;
import org.cortexclust.clustering.kselection.KSelection;
import org.cortexclust.common.config.ClusteringConfig;

/**
 * Gaussian mixture by EM with diagonal or full covariances (named explicitly: scikit-learn's default is full, ours
 * diagonal); k chosen by the smallest BIC, the fit's objective.
 */
public final class GaussianMixtureMethod implements ClusteringMethod<GaussianMixtureMethod.Options> {
  /** EM stops when the mean log-likelihood per point changes by less than this (scikit-learn's default). */
  public static final double TOLERANCE = 1e-3;

  /**
   * @param covariance     FULL or DIAGONAL ({@code clustering.gmm_covariance: full|diag})
   * @param regCovar       added to the covariance diagonal ({@code clustering.gmm_reg_covar})
   * @param maxIterations  EM iteration cap ({@code clustering.max_iterations})
   * @param kmeansRestarts restarts of the k-means initialisation (min(3, {@code clustering.restarts}))
   */
  public record Options(GaussianMixture.Covariance covariance, double regCovar, int maxIterations, int kmeansRestarts) {}

  @Override
  public String name() {
    return "gmm";
  }

  @Override
  public Options options(ClusteringConfig c) {
    return new Options(GaussianMixture.Covariance.parse(c.gmmCovariance(), "clustering.gmm_covariance"), c.gmmRegCovar(),
        c.maxIterations(), Math.min(3, c.restarts()));
  }

  /** The covariance type as scikit-learn's {@code covariance_type} spells it: "diag" or "full". */
  public static String covarianceType(GaussianMixture.Covariance c) {
    return c == GaussianMixture.Covariance.FULL ? "full" : "diag";
  }

  @Override
  public Clusterer bind(DataSet data, Options o) {
    double[][] x = data.x();
    return new Clusterer() {
      @Override
      public Clustering fit(int k, long seed) {
        GaussianMixture.Result r = GaussianMixture.fit(x, new GaussianMixture.Options(k, o.covariance(), o.maxIterations(), TOLERANCE,
            o.regCovar(), o.kmeansRestarts(), seed));
        return new Clustering(name(), k, r.labels(), r.means(), r.responsibilities(), r.bic(), "bic", r.iterations(), r.converged(),
            r::predict);
      }

      @Override
      public List<KSelection.Row> curveRows(Clustering fit) {
        return List.of(new KSelection.Row(name(), fit.k(), "bic", fit.objective()));
      }

      @Override
      public Selection select(int[] ks, List<Clustering> fits, double[] silhouettes) {
        double[] bic = fits.stream().mapToDouble(Clustering::objective).toArray();
        int rec = KSelection.bestK(ks, bic, KSelection.Rule.MIN);
        return Selection.of(name(), ks, rec, "bic", List.of(), bic[Selection.index(ks, rec)]);
      }
    };
  }
}
