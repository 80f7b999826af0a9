package org.cortexclust.common.config;

import java.util.List;

/**
 * Config section {@code dec}. Owned by the dec stage; defaults in {@code cortexclust/defaults/dec.yaml} (keep both
 * in sync; the comments there explain each key).
 *
 * @param enabled            run the DEC stage
 * @param mode               joint (model + KL) or embeddings_only (DEC on fixed embeddings)
 * @param method             dec (Xie et al.) or december (t-mixture with EM-updated centres and scales)
 * @param k                  number of clusters; 0 = the clustering stage's k-means choice ({@link #AUTO_K})
 * @param initFrom           "kmeans" or a METHOD_K column of the clustering stage's labels.csv
 * @param lambda             weight of the per-neuron KL term
 * @param alpha              Student-t degrees of freedom (DEC: 1; DECEMber's ν: 2.1)
 * @param targetExponent     sharpening exponent of the target distribution
 * @param updateInterval     optimiser steps between target refreshes
 * @param tol                label-change fraction that ends the run
 * @param maxEpochs          joint mode epoch budget
 * @param maxSteps           embeddings-only step budget
 * @param rhoDropTolerance   allowed fall of validation ρ_st below the starting model
 * @param rotation           fixed or invariant
 * @param freezeCore         joint mode: keep the core's tensors fixed
 * @param scaleToDimension   scale normalised embeddings to ‖z‖²/d = 1
 * @param learningRate       Adam learning rate (model, centres, embeddings)
 * @param optimiser          embeddings-only: adam or sgd
 * @param momentum           SGD momentum
 * @param trainEmbeddings    embeddings-only: also move the (anchored) embeddings
 * @param start              joint mode: after_training (fine-tune the converged model) or epoch (pre-train
 *                           {@code pretrainEpochs} epochs, then train jointly with the normal schedule)
 * @param pretrainEpochs     start = epoch: epochs of plain training before the clustering loss joins (DECEMber's PE)
 */
public record DecConfig(
    boolean enabled,
    String mode,
    String method,
    int k,
    String initFrom,
    double lambda,
    double alpha,
    double targetExponent,
    int updateInterval,
    double tol,
    int maxEpochs,
    int maxSteps,
    double rhoDropTolerance,
    String rotation,
    boolean freezeCore,
    boolean scaleToDimension,
    double learningRate,
    String optimiser,
    double momentum,
    boolean trainEmbeddings,
    String start,
    int pretrainEpochs)
    implements SectionConfig {

  /**
   * {@code dec.k: 0}: K is the k the clustering stage recommends for k-means (manifest metric {@code kmeans_best_k}:
   * the gap rule of Tibshirani et al. 2001 when {@code clustering.gap_references > 0}, else the best silhouette) —
   * a criterion that needs no ground truth, on the same embeddings DEC starts from.
   */
  public static final int AUTO_K = 0;

  public static final List<String> MODES = List.of("joint", "embeddings_only");
  public static final List<String> METHODS = List.of("dec", "december");
  public static final List<String> ROTATIONS = List.of("fixed", "invariant");
  public static final List<String> OPTIMISERS = List.of("adam", "sgd");
  public static final List<String> STARTS = List.of("after_training", "epoch");

  /** The values of {@code dec.yaml}, for code paths without a loaded config (tests, tools). */
  public static DecConfig defaults() {
    return new DecConfig(true, "joint", "dec", AUTO_K, "kmeans", 10000.0, 1.0, 2.0, 20, 0.001, 3, 2000, 0.005, "invariant", false,
        true, 0.001, "adam", 0.9, true, "after_training", 10);
  }

  @Override
  public void validate(ConfigErrors e, String p) {
    e.oneOf(p + ".mode", mode, MODES);
    e.oneOf(p + ".method", method, METHODS);
    e.check(k == AUTO_K || (k >= 2 && k <= 1000), p + ".k",
        "must be 0 (the clustering stage's k-means choice) or between 2 and 1000, got " + k);
    e.check(initFrom != null && (initFrom.equals("kmeans") || initFrom.matches("[A-Za-z0-9]+(_[A-Za-z0-9]+)*_\\d+")),
        p + ".init_from", "must be 'kmeans' or a METHOD_K column such as gmm_6, got '" + initFrom + "'");
    e.check(lambda >= 0 && Double.isFinite(lambda), p + ".lambda", "must be a finite number >= 0, got " + lambda);
    e.check(alpha > 0, p + ".alpha", "must be > 0, got " + alpha);
    e.check(targetExponent >= 1, p + ".target_exponent", "must be >= 1, got " + targetExponent);
    e.range(p + ".update_interval", updateInterval, 1, 1_000_000);
    e.check(tol >= 0 && tol < 1, p + ".tol", "must be in [0, 1), got " + tol);
    e.range(p + ".max_epochs", maxEpochs, 0, 100_000);
    e.range(p + ".max_steps", maxSteps, 0, 100_000_000);
    e.check(rhoDropTolerance >= 0, p + ".rho_drop_tolerance", "must be >= 0, got " + rhoDropTolerance);
    e.oneOf(p + ".rotation", rotation, ROTATIONS);
    e.check(learningRate > 0, p + ".learning_rate", "must be > 0, got " + learningRate);
    e.oneOf(p + ".optimiser", optimiser, OPTIMISERS);
    e.check(momentum >= 0 && momentum < 1, p + ".momentum", "must be in [0, 1), got " + momentum);
    e.oneOf(p + ".start", start, STARTS);
    e.range(p + ".pretrain_epochs", pretrainEpochs, 0, 100_000);
    e.check(!"epoch".equals(start) || "joint".equals(mode), p + ".start",
        "'epoch' trains the model jointly from epoch pretrain_epochs; it needs mode: joint, got mode '" + mode + "'");
  }
}
