package org.cortexclust.training.engine.libtorch;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Short wrappers around the JavaCPP LibTorch API (engine package only). */
final class Ops {
  private Ops() {}

  static Scalar s(double v) {
    return new Scalar(v);
  }

  static TensorOptional none() {
    return new TensorOptional();
  }

  static TensorOptional opt(Tensor t) {
    return t == null ? new TensorOptional() : new TensorOptional(t);
  }

  static Tensor sum(Tensor t, long... dims) {
    return t.sum(dims, false, new ScalarTypeOptional());
  }

  static Tensor sumKeep(Tensor t, long... dims) {
    return t.sum(dims, true, new ScalarTypeOptional());
  }

  static Tensor clamp(Tensor t, double lo, double hi) {
    return torch.clamp(t, new ScalarOptional(s(lo)), new ScalarOptional(s(hi)));
  }

  static void clampInPlace(Tensor t, double lo, double hi) {
    t.clamp_(new ScalarOptional(s(lo)), new ScalarOptional(s(hi)));
  }

  static Tensor conv2d(Tensor x, Tensor w, long pad) {
    return torch.conv2d(x, w, none(), new long[] {1, 1}, new long[] {pad, pad}, new long[] {1, 1}, 1);
  }

  /** 3D convolution, stride 1, no bias, zero padding (time, height, width). */
  static Tensor conv3d(Tensor x, Tensor w, long padT, long padS) {
    return torch.conv3d(x, w, none(), new long[] {1, 1, 1}, new long[] {padT, padS, padS}, new long[] {1, 1, 1}, 1);
  }

  /** A tensor holding a copy of {@code v}, shape {@code shape}, converted to dtype/device. */
  static Tensor fromFloats(float[] v, long[] shape, ScalarType dtype, Device device) {
    Tensor t = torch.empty(shape);
    FloatPointer p = t.data_ptr_float();
    p.put(v, 0, v.length);
    return convert(t, dtype, device);
  }

  static Tensor fromDoubles(double[] v, long[] shape, ScalarType dtype, Device device) {
    Tensor t = torch.empty(shape, new TensorOptions(ScalarType.Double), new org.bytedeco.pytorch.MemoryFormatOptional());
    DoublePointer p = t.data_ptr_double();
    p.put(v, 0, v.length);
    return convert(t, dtype, device);
  }

  static Tensor convert(Tensor t, ScalarType dtype, Device device) {
    if (t.scalar_type() == dtype && !device.is_cuda()) {
      return t;
    }
    return t.to(device, dtype);
  }

  /** A float32 copy of {@code t} on the JVM heap. */
  static float[] toFloats(Tensor t) {
    Tensor c = t.detach().to(new Device("cpu"), ScalarType.Float).contiguous();
    float[] out = new float[Math.toIntExact(c.numel())];
    c.data_ptr_float().get(out);
    return out;
  }

  static double[] toDoubles(Tensor t) {
    Tensor c = t.detach().to(new Device("cpu"), ScalarType.Double).contiguous();
    double[] out = new double[Math.toIntExact(c.numel())];
    c.data_ptr_double().get(out);
    return out;
  }

  static long[] shape(Tensor t) {
    long[] s = new long[(int) t.dim()];
    for (int i = 0; i < s.length; i++) s[i] = t.size(i);
    return s;
  }
}
