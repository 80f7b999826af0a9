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
 * Engine-neutral description of a dynamic (video) model: the static {@link ModelSpec} (features, rotations, spatial
 * kernels, padding, Hermite basis, input channels = 1 video + behaviour planes, frame size, BN, readouts, mice,
 * regularisers) plus how every layer handles time (docs/dynamic.md §3). Input per sample: C × T × H × W; output frames
 * T' = T − (R − 1) with the temporal receptive field R = 1 + Σ(k_t − 1); output frame j is aligned with input frame
 * j + R − 1 (causal: it sees frames j .. j + R − 1). The readout runs on every output frame with shared parameters.
 *
 * <p>Extra tensors over {@link ModelSpec#parameters()}: factorised layers add {@code core.layer<l>.temporal}
 * (F_out, F_out, k_t), the temporal kernel shared by all rotation blocks (block-diagonal over rotations, so the layer
 * stays exactly equivariant); full-3D layers give the spatial coefficients (or plain weights) a time axis,
 * {@code core.layer<l>.coeffs} (nb, C_in, F, k_t), every slice rotated by the same angle. The temporal conv has no bias
 * (the batch norm that follows removes it).
 *
 * <p>With {@code shifter}, every mouse has an MLP from the pupil centre of each output frame to a 2-D shift of all its
 * Gaussian readout locations on that frame (docs/dynamic.md §1.1, docs/science.md §3.4): Linear(2, 5)–tanh–Linear(5, 5)–tanh–
 * Linear(5, 2)–tanh, tensors {@code shifter.<mouse>.layer<l>.weight} (out, in) and {@code .bias}.
 *
 * @param base            the static part
 * @param spaceTime       factorised or full 3D
 * @param temporalKernels k_t of every layer (≥ 1), no padding in time
 * @param shifter         readout shifter from the pupil centre (Gaussian readouts only)
 */
public record VideoSpec(ModelSpec base, SpaceTime spaceTime, List<Integer> temporalKernels, boolean shifter) {
  /** Widths of the shifter MLP, input to output (docs/science.md §3.4: 3 layers, 5 hidden channels). */
  public static final int[] SHIFTER_WIDTHS = {2, 5, 5, 2};

  /** A model without a shifter. */
  public VideoSpec(ModelSpec base, SpaceTime spaceTime, List<Integer> temporalKernels) {
    this(base, spaceTime, temporalKernels, false);
  }

  public VideoSpec {
    if (shifter && !base.readout().movedByShifter()) {
      throw new IllegalArgumentException("invalid video spec: the shifter moves Gaussian readout locations; the readout is "
          + base.readoutType().id());
    }
    temporalKernels = List.copyOf(temporalKernels);
    if (temporalKernels.size() != base.layers()) {
      throw new IllegalArgumentException("invalid video spec: temporal_kernels must name one size per layer (" + base.layers()
          + " layers), got " + temporalKernels);
    }
    for (int k : temporalKernels) {
      if (k < 1) {
        throw new IllegalArgumentException("invalid video spec: temporal kernel sizes must be >= 1, got " + temporalKernels);
      }
    }
  }

  /** R = 1 + Σ(k_t − 1): input frames seen by one output frame. */
  public int temporalReceptiveField() {
    int r = 1;
    for (int k : temporalKernels) {
      r += k - 1;
    }
    return r;
  }

  /** Output frames for an input of {@code frames} frames (≤ 0 when the input is shorter than R). */
  public int outputFrames(int frames) {
    return frames - temporalReceptiveField() + 1;
  }

  /** Every tensor of the model, in a fixed order: core layers, then one readout per mouse. */
  public List<ParamSpec> parameters() {
    List<ParamSpec> out = new ArrayList<>();
    CoreKind core = base.core();
    for (ParamSpec p : base.parameters()) {
      String n = p.name();
      int l = layerOf(n);
      List<ParamSpec> kernels = l >= 0 ? core.kernels(base, l) : List.of();
      boolean kernel = kernels.contains(p);
      if (kernel && spaceTime == SpaceTime.FULL_3D) {
        out.add(core.fullKernel3d(p, temporalKernels.get(l)));
      } else {
        out.add(p);
      }
      if (kernel && spaceTime == SpaceTime.FACTORISED && p.equals(kernels.get(kernels.size() - 1))) {
        int f = base.features();
        out.add(new ParamSpec("core.layer" + l + ".temporal", new long[] {f, f, temporalKernels.get(l)}, true));
      }
    }
    if (shifter) {
      for (MouseShape m : base.mice()) {
        for (int l = 0; l + 1 < SHIFTER_WIDTHS.length; l++) {
          String p = "shifter." + m.mouseId() + ".layer" + l;
          out.add(new ParamSpec(p + ".weight", new long[] {SHIFTER_WIDTHS[l + 1], SHIFTER_WIDTHS[l]}, true));
          out.add(new ParamSpec(p + ".bias", new long[] {SHIFTER_WIDTHS[l + 1]}, true));
        }
      }
    }
    return out;
  }

  /** l of {@code shifter.<mouse>.layer<l>.…} (mouse ids may contain dots: read from the end). */
  private static int layerOfShifter(String name) {
    String head = name.substring(0, name.lastIndexOf('.'));
    return Integer.parseInt(head.substring(head.lastIndexOf(".layer") + ".layer".length()));
  }

  private static int layerOf(String name) {
    if (!name.startsWith("core.layer")) {
      return -1;
    }
    int dot = name.indexOf('.', "core.layer".length());
    return Integer.parseInt(name.substring("core.layer".length(), dot));
  }

  /**
   * Initial values, deterministic in {@code seed}: the static spec's initialisation for shared tensors; full-3D
   * kernels and temporal kernels draw from their own streams (truncated normal; Hermite coefficients std 0.1/√k_t,
   * plain weights 1/√fan-in, temporal kernels 1/√(F·k_t)); shifter layers uniform in ±1/√fan-in (PyTorch's Linear), the
   * last one zero (the model starts unshifted).
   */
  public Map<String, float[]> initialise(long seed, Map<String, float[]> meanResponses) {
    Map<String, float[]> two = base.initialise(seed, meanResponses);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ParamSpec p : parameters()) {
      float[] v = two.get(p.name());
      if (v == null || v.length != p.numel()) {
        v = new float[Math.toIntExact(p.numel())];
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ ModelSpec.fnv("video." + p.name()));
        long[] s = p.shape();
        if (p.name().startsWith("shifter.")) {
          // the last layer starts at zero: no shift until the data asks for one (a random start moves every location
          // by up to half the frame); its gradient is not zero, so the whole MLP learns
          int l = layerOfShifter(p.name());
          if (l + 2 < SHIFTER_WIDTHS.length) {
            double bound = 1 / Math.sqrt(SHIFTER_WIDTHS[l]);
            for (int i = 0; i < v.length; i++) v[i] = (float) ((2 * rnd.nextDouble() - 1) * bound);
          }
          out.put(p.name(), v);
          continue;
        }
        double std = p.name().endsWith(".temporal") ? 1 / Math.sqrt((double) s[1] * s[2])
            : base.core().fullKernel3dStd(p);
        ModelSpec.fillTruncatedNormal(v, std, rnd);
      }
      out.put(p.name(), v);
    }
    return out;
  }

  /** SHA-256 over the architecture (the static hash, space-time type, temporal kernels and every tensor). */
  public String architectureHash() {
    StringBuilder sb = new StringBuilder("video;").append(base.architectureHash()).append(";spaceTime=").append(spaceTime)
        .append(";kt=").append(temporalKernels);
    if (shifter) sb.append(";shifter=").append(java.util.Arrays.toString(SHIFTER_WIDTHS)); // absent: older hashes stay
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
