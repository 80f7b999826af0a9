package org.cortexclust.clustering.kselection;

import static org.junit.jupiter.api.Assertions.*;

import org.cortexclust.clustering.gmm.GaussianMixture;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.clustering.spectral.SpectralClustering;
import org.cortexclust.clustering.synthetic.PlantedData;
import org.junit.jupiter.api.Test;

class KSelectionTest {
  static final int[] KS = {2, 3, 4, 5, 6, 7};
  static final PlantedData.Labelled D = PlantedData.blobs(600, 6, 4, 4.0, 11);

  @Test
  void rulesPickTheRightEnd() {
    assertEquals(3, KSelection.bestK(new int[] {2, 3, 4}, new double[] {0.1, 0.5, Double.NaN}, KSelection.Rule.MAX));
    assertEquals(4, KSelection.bestK(new int[] {2, 3, 4}, new double[] {5, 4, 1}, KSelection.Rule.MIN));
    assertArrayEquals(new double[] {0.5, Double.NaN}, KSelection.eigengaps(new int[] {1, 3}, new double[] {0, 0.5, 0.6}), 1e-15);
  }

  @Test
  void everyCriterionRecoversFourPlantedBlobs() {
    double[] sil = new double[KS.length], bic = new double[KS.length];
    for (int i = 0; i < KS.length; i++) {
      sil[i] = ClusterMetrics.silhouette(D.x(), KMeans.fit(D.x(), KMeans.Options.of(KS[i], 1)).labels());
      bic[i] = GaussianMixture.fit(D.x(), GaussianMixture.Options.of(KS[i], GaussianMixture.Covariance.DIAGONAL, 1)).bic();
    }
    assertEquals(4, KSelection.bestK(KS, sil, KSelection.Rule.MAX));
    assertEquals(4, KSelection.bestK(KS, bic, KSelection.Rule.MIN));
    double[] lam = SpectralClustering.laplacianSpectrum(D.x(), 15, 7, 9, 1);
    assertEquals(4, KSelection.bestK(KS, KSelection.eigengaps(KS, lam), KSelection.Rule.MAX));
    KSelection.Gap g = KSelection.gapStatistic(D.x(), KS, 5, 2, 3);
    assertEquals(4, KSelection.gapRule(g));
  }
}
