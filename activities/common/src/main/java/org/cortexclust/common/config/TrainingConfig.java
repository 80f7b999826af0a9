package org.cortexclust.common.config;

import java.util.List;

/**
 * Config section {@code training}: the core+readout model and its optimisation. Owned by the training stage; every
 * key has its default in {@code cortexclust/defaults/training.yaml}. Defaults are sized so the quickstart (1 mouse ×
 * 200 neurons × 1200 trials at 36×64) trains in about a minute or two on 2 cores; the published rotation-equivariant
 * setting (docs/science.md §3.8) is {@code core.features: 16, core.kernel_sizes: [13, 5, 5, 5], readout gamma 5}.
 *
 * @param engine        {@code libtorch} (default) or {@code dl4j} (DL4J/ND4J SameDiff, the same model)
 * @param device        {@code cpu} or {@code cuda} (GPU worker built with {@code -Pgpu})
 * @param threads       intra-op threads, 0 = as many as the machine has
 * @param epochs        hard cap on epochs
 * @param batchSize     images per mouse per optimiser step
 * @param learningRate  initial Adam learning rate
 * @param lrDecayFactor learning-rate multiplier at the end of each phase
 * @param lrDecaySteps  number of learning-rate phases (early-stopping rounds)
 * @param patience      epochs without validation improvement that end a phase
 * @param tolerance     minimum absolute improvement of validation ρ_st
 * @param minLr         learning-rate floor
 * @param evalBatchSize images per forward pass when predicting
 * @param core          the convolutional core
 * @param readout       the per-mouse readouts
 * @param regularisation regulariser weights
 * @param video         the space-time part of a dynamic model (used when the dataset is video)
 */
public record TrainingConfig(
    String engine,
    String device,
    int threads,
    int epochs,
    int batchSize,
    double learningRate,
    double lrDecayFactor,
    int lrDecaySteps,
    int patience,
    double tolerance,
    double minLr,
    int evalBatchSize,
    CoreConfig core,
    ReadoutConfig readout,
    RegularisationConfig regularisation,
    VideoConfig video) implements SectionConfig {

  /**
   * @param type             a core type the engine has: {@code rotation_equivariant} or {@code plain} built in
   * @param features         f, features learned per layer
   * @param rotations        n, orientations per feature (ignored by the plain core, which has n = 1)
   * @param kernelSizes      one odd kernel size per layer (first layer first)
   * @param padFirstLayer    false: the first layer is "valid" (no padding); hidden layers always pad k/2
   * @param hermiteUpsampling grid upsampling of the Hermite basis
   * @param bnMomentum       batch-norm momentum, PyTorch convention (running = (1−m)·running + m·batch)
   */
  public record CoreConfig(String type, int features, int rotations, List<Integer> kernelSizes, boolean padFirstLayer,
      int hermiteUpsampling, double bnMomentum) {}

  /**
   * @param type        a readout type the engine has: {@code gaussian} or {@code factorised} built in
   * @param initMuRange Gaussian: initial locations ~ U(−r, r)
   * @param initSigma   Gaussian: initial Σ entries ~ U(−s, s)
   * @param initNoise   factorised: initial mask and features ~ N(0, noise²)
   * @param gridPredictor Gaussian: predict each location from the neuron's cortical coordinates
   */
  public record ReadoutConfig(String type, double initMuRange, double initSigma, double initNoise,
      GridPredictorConfig gridPredictor) {}

  /**
   * Grid predictor of the Gaussian readout (Lurz et al. 2021): location = tanh(MLP(normalised cortical position)).
   *
   * @param enabled         false: a free learned location per neuron
   * @param hidden          units per hidden layer
   * @param hiddenLayers    tanh hidden layers (0 = a linear map)
   * @param inputDimensions 2 (x, y) or 3 (x, y, z) of {@code cell_motor_coordinates}
   */
  public record GridPredictorConfig(boolean enabled, int hidden, int hiddenLayers, int inputDimensions) {}

  /**
   * @param gammaReadout readout L1 (Gaussian: on features; factorised: joint mask × features)
   * @param gammaInput   Laplace smoothness of the first-layer kernels (LaplaceL2norm, "same" padding)
   * @param gammaGroup   group sparsity of the hidden-layer kernels
   */
  public record RegularisationConfig(double gammaReadout, double gammaInput, double gammaGroup) {}

  /**
   * Dynamic (video) model settings (docs/dynamic.md §1, §3); the spatial part is {@code core}, the readout {@code readout}.
   *
   * @param spaceTime       {@code factorised} (spatial conv, then a temporal conv shared across rotations) or
   *                        {@code full3d} (one k_t×k×k conv per layer)
   * @param temporalKernels k_t per layer (one per {@code core.kernel_sizes} entry), valid in time
   * @param chunkFrames     frames per random training chunk (at least the temporal receptive field 1 + Σ(k_t − 1))
   * @param scoreSkip       frames dropped at the start of every trial by the Sensorium 2023 score (50 in the
   *                        competition; at least R − 1)
   * @param shifter         shift every Gaussian readout location per frame by an MLP of the pupil centre
   */
  public record VideoConfig(String spaceTime, List<Integer> temporalKernels, int chunkFrames, int scoreSkip, boolean shifter) {
    /** Temporal receptive field R = 1 + Σ(k_t − 1). */
    public int receptiveField() {
      return 1 + temporalKernels.stream().mapToInt(k -> k - 1).sum();
    }
  }

  /** Checks of the video settings against the core; only called for dynamic runs (static runs ignore them). */
  public void validateVideo(ConfigErrors e, String p) {
    String v = p + ".video";
    e.oneOf(v + ".space_time", video.spaceTime(), List.of("factorised", "full3d"));
    e.check(video.temporalKernels().size() == core.kernelSizes().size(), v + ".temporal_kernels",
        "must give one temporal kernel size per core layer (core.kernel_sizes has " + core.kernelSizes().size() + "), got "
            + video.temporalKernels());
    for (int k : video.temporalKernels()) {
      e.check(k >= 1 && k <= 63, v + ".temporal_kernels", "every temporal kernel size must be in [1, 63], got "
          + video.temporalKernels());
    }
    int r = video.receptiveField();
    e.check(video.chunkFrames() >= r && video.chunkFrames() >= 2, v + ".chunk_frames", "must be >= the temporal receptive field R = "
        + r + " (1 + sum(temporal_kernels - 1)), got " + video.chunkFrames());
    e.check(video.scoreSkip() >= r - 1, v + ".score_skip", "must be >= R - 1 = " + (r - 1)
        + " (earlier frames have no prediction), got " + video.scoreSkip());
    e.check(readout.gridPredictor() == null || !readout.gridPredictor().enabled(), p + ".readout.grid_predictor.enabled",
        "the grid predictor is for static models; the dynamic (video) model learns its readout locations directly");
  }

  @Override
  public void validate(ConfigErrors e, String p) {
    e.oneOf(p + ".engine", engine, List.of("libtorch", "dl4j"));
    e.oneOf(p + ".device", device, List.of("cpu", "cuda"));
    e.range(p + ".threads", threads, 0, 1024);
    e.range(p + ".epochs", epochs, 1, 10_000);
    e.range(p + ".batch_size", batchSize, 1, 65_536); // batch norm needs >= 2: checked when training starts
    e.range(p + ".learning_rate", learningRate, 1e-7, 1);
    e.check(lrDecayFactor > 0 && lrDecayFactor <= 1, p + ".lr_decay_factor", "must be in (0, 1], got " + lrDecayFactor);
    e.range(p + ".lr_decay_steps", lrDecaySteps, 1, 100);
    e.range(p + ".patience", patience, 1, 1000);
    e.range(p + ".tolerance", tolerance, 0, 1);
    e.range(p + ".min_lr", minLr, 0, 1);
    e.range(p + ".eval_batch_size", evalBatchSize, 1, 65_536);
    String c = p + ".core";
    // c + ".type": the training module's core registry checks it
    e.range(c + ".features", core.features(), 1, 4096);
    e.range(c + ".rotations", core.rotations(), 1, 64);
    e.check(!core.kernelSizes().isEmpty(), c + ".kernel_sizes", "must list at least one layer");
    for (int k : core.kernelSizes()) {
      e.check(k >= 1 && k % 2 == 1 && k <= 31, c + ".kernel_sizes", "every kernel size must be odd in [1, 31], got "
          + core.kernelSizes());
    }
    e.range(c + ".hermite_upsampling", core.hermiteUpsampling(), 1, 8);
    e.check(core.bnMomentum() > 0 && core.bnMomentum() <= 1, c + ".bn_momentum", "must be in (0, 1], got "
        + core.bnMomentum());
    String r = p + ".readout";
    // r + ".type" and what the type may be combined with: the training module's readout registry checks them
    e.range(r + ".init_mu_range", readout.initMuRange(), 0, 1);
    e.range(r + ".init_sigma", readout.initSigma(), 0, 1);
    e.range(r + ".init_noise", readout.initNoise(), 0, 10);
    GridPredictorConfig gp = readout.gridPredictor();
    if (gp != null && gp.enabled()) {
      String q = r + ".grid_predictor";
      e.check(!"dl4j".equals(engine), q + ".enabled", "the grid predictor runs on the libtorch engine only; "
          + p + ".engine is 'dl4j' (set it to libtorch or disable the predictor)");
      e.range(q + ".hidden", gp.hidden(), 1, 4096);
      e.range(q + ".hidden_layers", gp.hiddenLayers(), 0, 16);
      e.check(gp.inputDimensions() == 2 || gp.inputDimensions() == 3, q + ".input_dimensions",
          "must be 2 (x, y) or 3 (x, y, z), got " + gp.inputDimensions());
    }
    String g = p + ".regularisation";
    e.range(g + ".gamma_readout", regularisation.gammaReadout(), 0, 1e6);
    e.range(g + ".gamma_input", regularisation.gammaInput(), 0, 1e6);
    e.range(g + ".gamma_group", regularisation.gammaGroup(), 0, 1e6);
  }
}
