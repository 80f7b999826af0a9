package org.cortexclust.training.engine.dl4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ParamSpec;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The core + readout model of a {@link ModelSpec} as one SameDiff graph (ND4J 1.0.0-M2.1). Variables are named as in
 * {@link ModelSpec#parameters()} and hold the same tensors (same shapes, C order) as the LibTorch engine, so either
 * engine loads the other's parameters. The SameDiff obstacles of docs/engines.md §5 are solved here, not in the model:
 * <ul>
 *   <li>convolution weights are fed in YXIO (the layout whose backward works), built from the spec's tensors;</li>
 *   <li>batch norm is written with mean/sub/mul/div (the stock op's backward fails): batch statistics over
 *       (batch, rotation, y, x) in training, running statistics at evaluation, shared across rotations;</li>
 *   <li>the rotation roll of hidden layers is a constant permutation matmul (no gather);</li>
 *   <li>the Gaussian readout's bilinear sampling gathers the 4 neighbours with {@link ScatterAddGather} (gradient =
 *       scatter_add) at integer indices computed in Java; the bilinear weights stay graph ops, so the gradient with
 *       respect to the readout location flows through them (zero padding and the [−1, 1] clamp as in PyTorch's
 *       {@code grid_sample(align_corners=true)} + {@code clamp}; {@link SdGaussianReadout}).</li>
 * </ul>
 * Every mouse has its own placeholders; the graph's loss is the sum of the per-mouse objectives, which gives the
 * same gradient as LibTorch's per-mouse accumulated backward passes.
 */
public final class SdModel {
  static final double BN_EPS = 1e-5;

  final ModelSpec spec;
  final DataType dtype;
  final SameDiff sd;
  /** The core type ({@link SdCores}). */
  final SdCore core;
  /** The readout type of every mouse ({@link SdReadouts}). */
  final SdReadout readout;
  final List<String> trainableNames = new ArrayList<>();
  final List<String> allNames = new ArrayList<>();
  /** Per mouse: names of the batch mean / variance outputs of every layer (training mode). */
  private final Map<String, String[][]> bnStats = new HashMap<>();
  private final int h;
  private final int w;

  static {
    ScatterAddGather.install();
  }

  /**
   * @param values every tensor of {@code spec.parameters()} by name
   * @param dtype  {@link DataType#DOUBLE} or {@link DataType#FLOAT}
   */
  public SdModel(ModelSpec spec, Map<String, float[]> values, DataType dtype) {
    if (dtype != DataType.DOUBLE && dtype != DataType.FLOAT) {
      throw new IllegalArgumentException("dl4j engine runs in float32 or float64, not " + dtype);
    }
    if (spec.gridPredictor() != null && spec.gridPredictor().enabled()) {
      throw new IllegalArgumentException("the dl4j engine has no grid predictor; train this model with the libtorch engine");
    }
    this.spec = spec;
    this.dtype = dtype;
    this.core = SdCores.REGISTRY.get(spec.coreType());
    this.readout = SdReadouts.REGISTRY.get(spec.readoutType());
    this.sd = SameDiff.create();
    this.h = spec.coreHeight();
    this.w = spec.coreWidth();
    ParamSpec.checkFit(spec.parameters(), values, spec.architectureHash());
    for (ParamSpec p : spec.parameters()) {
      sd.var(p.name(), Nd4j.create(values.get(p.name()), p.shape(), 'c').castTo(dtype));
      allNames.add(p.name());
      if (p.trainable()) trainableNames.add(p.name());
    }
    SDVariable[] weights = new SDVariable[spec.layers()];
    for (int l = 0; l < spec.layers(); l++) {
      weights[l] = core.layerWeight(this, l);
    }
    SDVariable coreReg = core.regulariser(this, weights);
    SDVariable total = null;
    for (MouseShape m : spec.mice()) {
      String id = m.mouseId();
      int n = m.neurons();
      SDVariable x = sd.placeHolder("x." + id, dtype, -1, spec.inputChannels(), spec.inputHeight(),
          spec.inputWidth());
      SDVariable y = sd.placeHolder("y." + id, dtype, -1, n);
      SDVariable scale = sd.placeHolder("scale." + id, dtype, 1);
      String[][] stats = new String[2][spec.layers()];
      SDVariable aTrain = core(x, weights, true, id, stats);
      SDVariable aEval = core(x, weights, false, id, null);
      bnStats.put(id, stats);
      sd.updateVariableNameAndReference(aTrain, "core.train." + id);
      sd.updateVariableNameAndReference(aEval, "core.eval." + id);
      SDVariable rTrain = rates(id, aTrain, "train");
      SDVariable rEval = rates(id, aEval, "eval");
      sd.updateVariableNameAndReference(rTrain, "rates.train." + id);
      sd.updateVariableNameAndReference(rEval, "rates.eval." + id);
      SDVariable poisson = rTrain.sub(y.mul(sd.math().log(rTrain.add(1e-8)))).sum();
      SDVariable obj = poisson.mul(scale);
      if (coreReg != null) obj = obj.add(coreReg);
      if (spec.regularisation().gammaReadout() > 0) {
        obj = obj.add(readout.regulariser(this, id).mul(spec.regularisation().gammaReadout()));
      }
      sd.updateVariableNameAndReference(obj, "objective." + id);
      total = total == null ? obj : total.add(obj);
    }
    sd.updateVariableNameAndReference(total, "loss");
    sd.setLossVariables("loss");
    buildGradientGraph();
  }

  /**
   * SameDiff 1.0.0-M2.1 prints one "Added differentiated op" line per op to stdout while it builds the gradient
   * graph; build it once here with those lines (only those) filtered out.
   */
  private void buildGradientGraph() {
    synchronized (System.class) {
      java.io.PrintStream original = System.out;
      System.setOut(new java.io.PrintStream(new java.io.OutputStream() {
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        @Override
        public void write(int c) {
          line.write(c);
          if (c == '\n') {
            String s = line.toString(java.nio.charset.StandardCharsets.UTF_8);
            line.reset();
            if (!s.startsWith("Added differentiated op")) original.print(s);
          }
        }

        @Override
        public void flush() {
          original.flush();
        }
      }, true, java.nio.charset.StandardCharsets.UTF_8));
      try {
        sd.createGradFunction();
      } finally {
        System.out.flush();
        System.setOut(original);
      }
    }
  }

  INDArray constant(double[] v, long... shape) {
    INDArray d = Nd4j.create(v, shape, 'c');
    INDArray c = d.castTo(dtype);
    if (c != d) {
      release(d);
    }
    return c;
  }

  /**
   * Free arrays' native memory now instead of when the garbage collector finds their Java objects: a training step
   * makes dozens of batch-sized arrays, and left to the collector the engine's resident memory grows to whatever
   * JavaCPP's {@code maxphysicalbytes} allows (README, DL4J engine).
   */
  static void release(INDArray a) {
    if (a != null && !a.wasClosed() && a.closeable()) {
      a.close();
    }
  }

  static void release(Map<String, INDArray> arrays) {
    if (arrays != null) {
      arrays.values().forEach(SdModel::release);
    }
  }

  /** A stride-1 k×k convolution with padding {@code pad}, NCHW input and YXIO weights. */
  static Conv2DConfig conv(int k, int pad) {
    return Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).pH(pad).pW(pad).dH(1).dW(1).dataFormat("NCHW")
        .weightsFormat(WeightsFormat.YXIO).build();
  }

  /** Core output (B, n·F, H', W'): conv → hand-written BN over features shared across rotations → ELU. */
  private SDVariable core(SDVariable x, SDVariable[] weights, boolean training, String mouse, String[][] stats) {
    int n = spec.rotations();
    int f = spec.features();
    SDVariable hcur = x;
    for (int l = 0; l < spec.layers(); l++) {
      int k = spec.kernelSizes().get(l);
      int pad = spec.padding(l);
      SDVariable yv = sd.cnn().conv2d(hcur, weights[l], conv(k, pad));
      int hh = h; // hidden layers pad k/2, so every layer has the core size
      SDVariable y5 = yv.reshape(-1, n, f, hh, w);
      String p = "core.layer" + l + ".bn.";
      SDVariable centred;
      SDVariable var;
      if (training) {
        SDVariable mean = y5.mean(true, 0, 1, 3, 4);
        centred = y5.sub(mean);
        var = centred.mul(centred).mean(true, 0, 1, 3, 4);
        stats[0][l] = sd.updateVariableNameAndReference(mean, "bnstat.mean." + mouse + "." + l).name();
        stats[1][l] = sd.updateVariableNameAndReference(var, "bnstat.var." + mouse + "." + l).name();
      } else {
        centred = y5.sub(sd.getVariable(p + "running_mean").reshape(1, 1, f, 1, 1));
        var = sd.getVariable(p + "running_var").reshape(1, 1, f, 1, 1);
      }
      // one (1, 1, F, 1, 1) scale: 1/sqrt(var + eps), times γ when affine
      SDVariable scale = var.add(BN_EPS).pow(-0.5);
      SDVariable z;
      if (spec.affineBatchNorm(l)) {
        z = centred.mul(scale.mul(sd.getVariable(p + "weight").reshape(1, 1, f, 1, 1)))
            .add(sd.getVariable(p + "bias").reshape(1, 1, f, 1, 1));
      } else {
        z = centred.mul(scale);
      }
      hcur = sd.nn().elu(z.reshape(-1, (long) n * f, hh, w));
    }
    return hcur;
  }

  /** Firing rates ELU(ŷ) + 1 of one mouse from core output a. */
  private SDVariable rates(String mouse, SDVariable a, String tag) {
    return sd.nn().elu(readout.output(this, mouse, a, tag)).add(1.0);
  }

  /** A placeholder of the graph, created on first use (the training and evaluation readouts share it). */
  SDVariable placeholder(String name, long... shape) {
    return sd.hasVariable(name) ? sd.getVariable(name) : sd.placeHolder(name, dtype, shape);
  }

  /** One mouse's batch: images (b, C, H, W) and responses (b, N), trial-major; ε (b, N, 2) or null (Gaussian). */
  public record Batch(double[] images, int size, double[] responses, double[] eps, long trainTrials) {}

  /** Loss, gradients of every trainable tensor (by name) and the training-mode rates per mouse. */
  public record Step(double loss, Map<String, INDArray> gradients, Map<String, INDArray> rates) {
    /** Free the gradients and rates (after the optimiser used them). */
    public void release() {
      SdModel.release(gradients);
      SdModel.release(rates);
    }
  }

  /** Placeholder values of one mouse's batch. */
  private void feed(Map<String, INDArray> ph, String mouse, Batch b, boolean withResponses) {
    int n = spec.mouse(mouse).neurons();
    if (b.images().length != (long) b.size() * spec.inputChannels() * spec.inputHeight() * spec.inputWidth()) {
      throw new IllegalArgumentException("mouse " + mouse + ": images of " + b.size() + " trials must hold "
          + b.size() + "x" + spec.inputChannels() + "x" + spec.inputHeight() + "x" + spec.inputWidth() + " values, got "
          + b.images().length);
    }
    ph.put("x." + mouse, constant(b.images(), b.size(), spec.inputChannels(), spec.inputHeight(), spec.inputWidth()));
    if (withResponses) {
      if (b.responses().length != (long) b.size() * n) {
        throw new IllegalArgumentException("mouse " + mouse + ": responses must hold " + b.size() + "x" + n
            + " values, got " + b.responses().length);
      }
      ph.put("y." + mouse, constant(b.responses(), b.size(), n));
      ph.put("scale." + mouse, constant(new double[] {Math.sqrt((double) b.trainTrials() / b.size())}, 1));
    }
    readout.feed(this, ph, mouse, b.size(), b.eps());
  }

  /**
   * Training objective (sum over the given mice) with batch-statistics batch norm, its gradient for every trainable
   * tensor, and the rates. With {@code updateRunningStats} the batch-norm running statistics move as in PyTorch
   * (momentum, unbiased batch variance), mouse after mouse in spec order.
   */
  public Step lossAndGradients(Map<String, Batch> batches, boolean updateRunningStats) {
    if (batches.size() != spec.mice().size()) {
      throw new IllegalArgumentException("a training step needs a batch of every mouse " + spec.mice().stream()
          .map(MouseShape::mouseId).toList() + ", got " + batches.keySet());
    }
    Map<String, INDArray> ph = new HashMap<>();
    List<String> outputs = new ArrayList<>(List.of("loss"));
    for (MouseShape m : spec.mice()) {
      Batch b = batches.get(m.mouseId());
      if (b == null) throw new IllegalArgumentException("no batch for mouse " + m.mouseId());
      feed(ph, m.mouseId(), b, true);
      outputs.add("rates.train." + m.mouseId());
      if (updateRunningStats) {
        for (String[] s : bnStats.get(m.mouseId())) outputs.addAll(List.of(s));
      }
    }
    OutAndGrad og = sd.calculateGradientsAndOutputs(ph, outputs, trainableNames);
    Map<String, INDArray> out = og.getOutputs();
    if (updateRunningStats) {
      double mom = spec.bnMomentum();
      for (MouseShape m : spec.mice()) {
        long count = (long) batches.get(m.mouseId()).size() * spec.rotations() * h * w;
        String[][] st = bnStats.get(m.mouseId());
        for (int l = 0; l < spec.layers(); l++) {
          String p = "core.layer" + l + ".bn.";
          INDArray rm = sd.getVariable(p + "running_mean").getArr();
          INDArray rv = sd.getVariable(p + "running_var").getArr();
          rm.muli(1 - mom).addi(out.get(st[0][l]).reshape(rm.shape()).mul(mom));
          rv.muli(1 - mom).addi(out.get(st[1][l]).reshape(rv.shape()).mul(mom * count / Math.max(1, count - 1)));
        }
      }
    }
    Map<String, INDArray> rates = new LinkedHashMap<>();
    for (MouseShape m : spec.mice()) rates.put(m.mouseId(), out.get("rates.train." + m.mouseId()));
    double loss = out.get("loss").getDouble(0);
    release(ph);
    for (Map.Entry<String, INDArray> e : out.entrySet()) {
      if (!e.getKey().startsWith("rates.train.")) {
        release(e.getValue());
      }
    }
    return new Step(loss, og.getGradients(), rates);
  }

  /**
   * Rates (b × N, trial-major) of one mouse: evaluation mode uses running statistics and the mean location
   * ({@code eps} ignored); training mode uses batch statistics and {@code eps} (Gaussian; null = mean location).
   */
  public double[] rates(String mouse, double[] images, int b, boolean training, double[] eps) {
    spec.mouse(mouse);
    Map<String, INDArray> ph = new HashMap<>();
    feed(ph, mouse, new Batch(images, b, null, training ? eps : null, 1), false);
    String out = (training ? "rates.train." : "rates.eval.") + mouse;
    return outputAndRelease(ph, out);
  }

  private double[] outputAndRelease(Map<String, INDArray> ph, String out) {
    Map<String, INDArray> r = sd.output(ph, out);
    double[] v = doubles(r.get(out));
    release(r);
    release(ph);
    return v;
  }

  /** Core output (b, n·F, H', W') for one mouse's images, batch statistics in training mode. */
  double[] coreOutput(String mouse, double[] images, int b, boolean training) {
    Map<String, INDArray> ph = new HashMap<>();
    feed(ph, mouse, new Batch(images, b, null, null, 1), false);
    String out = (training ? "core.train." : "core.eval.") + mouse;
    return outputAndRelease(ph, out);
  }

  /** The training objective (sum over the given mice) without gradients. */
  public double loss(Map<String, Batch> batches) {
    Map<String, INDArray> ph = new HashMap<>();
    for (MouseShape m : spec.mice()) {
      Batch b = batches.get(m.mouseId());
      if (b == null) throw new IllegalArgumentException("no batch for mouse " + m.mouseId());
      feed(ph, m.mouseId(), b, true);
    }
    Map<String, INDArray> r = sd.output(ph, "loss");
    double loss = r.get("loss").getDouble(0);
    release(r);
    release(ph);
    return loss;
  }

  /** Prepare every mouse's readout for a step (the Gaussian readout clamps its means into [−1, 1]). */
  public void clampMeans() {
    for (MouseShape m : spec.mice()) readout.beforeForward(this, m.mouseId());
  }

  /** The live array of a tensor (parameter or buffer). */
  public INDArray array(String name) {
    if (!allNames.contains(name)) throw new IllegalArgumentException("no tensor " + name);
    return sd.getVariable(name).getArr();
  }

  public List<String> trainableNames() {
    return List.copyOf(trainableNames);
  }

  public ModelSpec spec() {
    return spec;
  }

  public DataType dtype() {
    return dtype;
  }

  /** All tensors as float32 arrays by name, in spec order. */
  public Map<String, float[]> snapshot() {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String n : allNames) out.put(n, floats(array(n)));
    return out;
  }

  /** Overwrite every tensor in place (names and sizes as in the spec). */
  public void load(Map<String, float[]> values) {
    for (String n : allNames) {
      float[] v = values.get(n);
      INDArray a = array(n);
      if (v == null || v.length != a.length()) {
        throw new IllegalArgumentException("state has no matching tensor " + n);
      }
      a.assign(Nd4j.create(v, a.shape(), 'c').castTo(dtype));
    }
  }

  /** The values of {@code a} in C order as doubles (any rank). */
  public static double[] doubles(INDArray a) {
    return a.dup('c').reshape(a.length()).toDoubleVector();
  }

  /** The values of {@code a} in C order as floats (any rank). */
  public static float[] floats(INDArray a) {
    return a.dup('c').reshape(a.length()).toFloatVector();
  }
}
