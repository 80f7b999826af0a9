package org.cortexclust.training.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Engine-neutral description of the core + readout model: architecture, parameter names and shapes, and
 * initialisation from a seed. Every engine builds its model from this; checkpoints and artifacts name tensors by
 * {@link #parameters()}.
 *
 * <p>Channel layout of a rotation-equivariant layer output: index {@code r·F + f} (rotation-major, docs/science.md §2.1).
 *
 * @param coreType          a known core type ({@link CoreKinds}): rotation_equivariant, plain, ...
 * @param features          F, features learned per layer
 * @param rotations         n, orientations per feature (as the core type has it: 1 for a plain core)
 * @param kernelSizes       kernel size of every layer (first 13, then 5 in the references); odd
 * @param padFirstLayer     false: first layer "valid" (no padding); hidden layers always pad k/2
 * @param hermiteUpsampling u of the Hermite basis grid (2 in the references)
 * @param inputChannels     image + behaviour channels
 * @param inputHeight       input height in pixels
 * @param inputWidth        input width in pixels
 * @param bnMomentum        PyTorch convention: running = (1−m)·running + m·batch
 * @param readoutType       a known readout type ({@link ReadoutKinds}): gaussian, factorised, ...
 * @param initMuRange       Gaussian readout: μ ~ U(−r, r)
 * @param initSigma         Gaussian readout: Σ entries ~ U(−s, s)
 * @param readoutInitNoise  factorised readout: mask and features ~ N(0, noise²)
 * @param mice              one readout per mouse
 * @param regularisation    regulariser weights
 * @param gridPredictor     Gaussian readout: locations predicted from cortical coordinates, or {@link
 *                          GridPredictor#OFF} (null reads as OFF, e.g. in a {@code model.json} written before it)
 */
public record ModelSpec(
    CoreType coreType,
    int features,
    int rotations,
    List<Integer> kernelSizes,
    boolean padFirstLayer,
    int hermiteUpsampling,
    int inputChannels,
    int inputHeight,
    int inputWidth,
    double bnMomentum,
    ReadoutType readoutType,
    double initMuRange,
    double initSigma,
    double readoutInitNoise,
    List<MouseShape> mice,
    Regularisation regularisation,
    GridPredictor gridPredictor) {

  /** A model without a grid predictor. */
  public ModelSpec(CoreType coreType, int features, int rotations, List<Integer> kernelSizes, boolean padFirstLayer,
      int hermiteUpsampling, int inputChannels, int inputHeight, int inputWidth, double bnMomentum,
      ReadoutType readoutType, double initMuRange, double initSigma, double readoutInitNoise, List<MouseShape> mice,
      Regularisation regularisation) {
    this(coreType, features, rotations, kernelSizes, padFirstLayer, hermiteUpsampling, inputChannels, inputHeight,
        inputWidth, bnMomentum, readoutType, initMuRange, initSigma, readoutInitNoise, mice, regularisation,
        GridPredictor.OFF);
  }

  public ModelSpec {
    gridPredictor = gridPredictor == null ? GridPredictor.OFF : gridPredictor;
    kernelSizes = List.copyOf(kernelSizes);
    mice = List.copyOf(mice);
    List<String> bad = new ArrayList<>();
    if (features < 1) bad.add("features must be >= 1, got " + features);
    if (rotations < 1) bad.add("rotations must be >= 1, got " + rotations);
    if (kernelSizes.isEmpty()) bad.add("kernel_sizes must name at least one layer");
    for (int k : kernelSizes) {
      if (k < 1 || k % 2 == 0) bad.add("kernel sizes must be odd and >= 1, got " + kernelSizes);
    }
    if (hermiteUpsampling < 1) bad.add("hermite_upsampling must be >= 1, got " + hermiteUpsampling);
    if (inputChannels < 1) bad.add("input channels must be >= 1, got " + inputChannels);
    if (mice.isEmpty()) bad.add("at least one mouse is needed");
    if (!(bnMomentum > 0 && bnMomentum <= 1)) bad.add("bn_momentum must be in (0, 1], got " + bnMomentum);
    if (mice.stream().map(MouseShape::mouseId).distinct().count() != mice.size()) bad.add("mouse ids must be distinct");
    if (coreType == null) {
      bad.add("a core type is needed (known: " + CoreKinds.names() + ")");
    } else if (!CoreKinds.LIST.contains(coreType)) {
      bad.add(CoreKinds.LIST.unknown(coreType));
    }
    if (readoutType == null) {
      bad.add("a readout type is needed (known: " + ReadoutKinds.names() + ")");
    } else if (!ReadoutKinds.LIST.contains(readoutType)) {
      bad.add(ReadoutKinds.LIST.unknown(readoutType));
    } else if (gridPredictor.enabled() && !ReadoutKinds.get(readoutType).placedByGridPredictor()) {
      bad.add("the grid predictor places Gaussian readouts; readout type is " + readoutType);
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException("invalid model spec: " + String.join("; ", bad));
    }
    rotations = CoreKinds.get(coreType).rotations(rotations);
    int h = inputHeight - (padFirstLayer ? 0 : kernelSizes.get(0) - 1);
    int w = inputWidth - (padFirstLayer ? 0 : kernelSizes.get(0) - 1);
    if (h < 1 || w < 1) {
      throw new IllegalArgumentException("input " + inputHeight + "x" + inputWidth + " is too small for a valid "
          + kernelSizes.get(0) + "x" + kernelSizes.get(0) + " first layer");
    }
  }

  public int layers() {
    return kernelSizes.size();
  }

  /** C = F·n core output channels, rotation-major ({@link CoreKind#channels}). */
  public int coreChannels() {
    return core().channels(this);
  }

  public int coreHeight() {
    return inputHeight - (padFirstLayer ? 0 : kernelSizes.get(0) - 1);
  }

  public int coreWidth() {
    return inputWidth - (padFirstLayer ? 0 : kernelSizes.get(0) - 1);
  }

  /** Input channels seen by layer l (all rotations of the previous layer for l ≥ 1). */
  public int layerInputChannels(int l) {
    return l == 0 ? inputChannels : coreChannels();
  }

  /** Spatial zero padding of layer l: none for a "valid" first layer, else k/2. */
  public int padding(int l) {
    return (l == 0 && !padFirstLayer) ? 0 : kernelSizes.get(l) / 2;
  }

  /** Whether layer l has a learned batch-norm scale and bias (all but the last, docs/science.md §2.5). */
  public boolean affineBatchNorm(int l) {
    return l < layers() - 1;
  }

  /** What the core type is (its tensors, initialisation, channel layout; {@link CoreKinds}). */
  public CoreKind core() {
    return CoreKinds.get(coreType);
  }

  /** What the readout type is (its tensors, initialisation, embedding; {@link ReadoutKinds}). */
  public ReadoutKind readout() {
    return ReadoutKinds.get(readoutType);
  }

  public MouseShape mouse(String id) {
    for (MouseShape m : mice) {
      if (m.mouseId().equals(id)) return m;
    }
    throw new IllegalArgumentException("no readout for mouse '" + id + "' in the model (mice: "
        + mice.stream().map(MouseShape::mouseId).toList() + ")");
  }

  /** Every tensor of the model, in a fixed order: core layers, then one readout per mouse. */
  public List<ParamSpec> parameters() {
    List<ParamSpec> ps = new ArrayList<>(core().parameters(this));
    ReadoutKind readout = readout();
    for (MouseShape m : mice) {
      ps.addAll(readout.parameters(this, m));
    }
    return ps;
  }

  /**
   * Initial values of every tensor, deterministic in {@code seed} (each tensor draws from its own stream derived
   * from the seed and its name, so adding a mouse does not change the core's start).
   *
   * @param meanResponses per mouse id, mean training response of each neuron (sets the readout bias to the inverse
   *                      of the output nonlinearity ELU+1); a missing mouse gets bias 0
   */
  public Map<String, float[]> initialise(long seed, Map<String, float[]> meanResponses) {
    return initialise(seed, meanResponses, Map.of());
  }

  /**
   * {@link #initialise(long, Map)} for a model with a grid predictor.
   *
   * @param cellCoordinates per mouse id, the neurons' cortical coordinates (N·3: x, y, z), normalised here into
   *                        the predictor's source grid; only read when the grid predictor is enabled
   */
  public Map<String, float[]> initialise(long seed, Map<String, float[]> meanResponses,
      Map<String, float[]> cellCoordinates) {
    Map<String, float[]> out = new LinkedHashMap<>();
    ReadoutKind readout = readout();
    ReadoutKind.InitData data = new ReadoutKind.InitData(meanResponses, cellCoordinates);
    CoreKind core = core();
    for (ParamSpec p : core.parameters(this)) {
      out.put(p.name(), core.initialise(this, p, stream(seed, p)));
    }
    for (MouseShape m : mice) {
      for (ParamSpec p : readout.parameters(this, m)) {
        float[] v = readout.initialise(this, m, p, new float[Math.toIntExact(p.numel())], stream(seed, p), data);
        out.put(p.name(), v);
      }
    }
    return out;
  }

  /** The tensor's own random stream: derived from the seed and its name, so adding a tensor changes no other. */
  private static SplittableRandom stream(long seed, ParamSpec p) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ fnv(p.name()));
  }

  /** y with ELU(y) + 1 = m (m clipped to ≥ 1e-3). */
  static double inverseEluPlusOne(double m) {
    double mm = Math.max(m, 1e-3);
    return mm >= 1 ? mm - 1 : Math.log(mm);
  }

  static void fillTruncatedNormal(float[] v, double std, SplittableRandom rnd) {
    for (int i = 0; i < v.length; i++) {
      double g;
      do {
        g = gaussian(rnd);
      } while (Math.abs(g) > 2);
      v[i] = (float) (g * std);
    }
  }

  private static double gaussian(SplittableRandom rnd) {
    double u1 = rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
  }

  static long fnv(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /**
   * SHA-256 (hex) over the architecture: everything that decides which tensors exist and how they are combined
   * (not the regulariser weights or initialisation ranges). A checkpoint or model artifact with another hash does
   * not fit this model.
   */
  public String architectureHash() {
    StringBuilder sb = new StringBuilder();
    sb.append("core=").append(coreType).append(";F=").append(features).append(";n=").append(rotations)
        .append(";k=").append(kernelSizes).append(";padFirst=").append(padFirstLayer).append(";u=")
        .append(hermiteUpsampling).append(";in=").append(inputChannels).append('x').append(inputHeight).append('x')
        .append(inputWidth).append(";readout=").append(readoutType).append(";act=elu;out=elu+1;bnLastAffine=false");
    if (gridPredictor.enabled()) sb.append(";").append(gridPredictor.describe());
    for (ParamSpec p : parameters()) {
      sb.append(';').append(p);
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
