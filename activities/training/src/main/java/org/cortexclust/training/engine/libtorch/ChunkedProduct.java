package org.cortexclust.training.engine.libtorch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A large CPU matrix product split by rows of the result over LibTorch's intra-op thread count, each block one
 * single-threaded OpenBLAS call on its own Java thread (the caller runs the first block). Multi-threaded OpenBLAS
 * would be as fast, but its worker busy-waits for ~0.1 s after every call on the cores the next ops need
 * ({@link TorchRuntime#ensureLoaded(int)}); these threads block when done. Every result element is one OpenBLAS dot
 * product over the whole inner dimension, so the result does not depend on the split. No autograd: callers supply
 * gradients themselves ({@link TorchModel#objectiveBackward}).
 */
final class ChunkedProduct {
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "cortexclust-chunked-product");
    t.setDaemon(true);
    return t;
  });

  private ChunkedProduct() {}

  /** a (M, K) × b (K, P) as a new contiguous (M, P) tensor; a and b on the CPU, same dtype, any strides. */
  static Tensor mm(Tensor a, Tensor b) {
    long rows = a.size(0);
    Tensor out = torch.empty(new long[] {rows, b.size(1)}, a.options(), new org.bytedeco.pytorch.MemoryFormatOptional());
    int chunks = (int) Math.max(1, Math.min(torch.get_num_threads(), rows));
    List<Future<?>> others = new ArrayList<>();
    for (int i = 1; i < chunks; i++) {
      long from = rows * i / chunks;
      long to = rows * (i + 1) / chunks;
      others.add(POOL.submit(() -> block(out, a, b, from, to)));
    }
    RuntimeException failure = null;
    try {
      block(out, a, b, 0, rows / chunks);
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Future<?> f : others) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (failure == null) failure = new IllegalStateException("chunked matrix product failed: " + e.getCause(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (failure == null) failure = new IllegalStateException("interrupted in a chunked matrix product", e);
      }
    }
    if (failure != null) throw failure;
    return out;
  }

  /** Rows [from, to) of out = a × b, on the calling thread. */
  private static void block(Tensor out, Tensor a, Tensor b, long from, long to) {
    try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
      torch.mm_out(out.narrow(0, from, to - from), a.narrow(0, from, to - from), b);
    }
  }
}
