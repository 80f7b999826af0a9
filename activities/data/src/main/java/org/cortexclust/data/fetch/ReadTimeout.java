package org.cortexclust.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A read timeout for a response body: the JDK's HttpClient bounds the wait for headers only, so a server that stops
 * sending mid-body would block {@code read} forever. A watchdog checks the stream a few times per timeout; when a
 * read has waited longer than the timeout it closes the stream and interrupts the reader, and {@link #read} throws
 * {@link Stalled}.
 */
final class ReadTimeout implements AutoCloseable {
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "http-read-timeout");
    t.setDaemon(true);
    return t;
  });

  /** The body delivered nothing for the timeout. */
  static final class Stalled extends IOException {
    Stalled(Duration timeout, Throwable cause) {
      super("no data for " + timeout.toMillis() + " ms", cause);
    }
  }

  private final InputStream in;
  private final Duration timeout;
  private final ScheduledFuture<?> task;
  private volatile long readSince; // nanoTime when the pending read began; 0 when none is pending
  private volatile Thread reader;
  private volatile boolean stalled;

  ReadTimeout(InputStream in, Duration timeout) {
    this.in = in;
    this.timeout = timeout;
    long period = Math.max(10, timeout.toMillis() / 4);
    this.task = WATCHDOG.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  private void check() {
    long since = readSince;
    if (since != 0 && !stalled && System.nanoTime() - since > timeout.toNanos()) {
      stalled = true;
      try {
        in.close();
      } catch (IOException ignored) {
        // closing is only a nudge; the interrupt below wakes a reader blocked on the body's queue
      }
      Thread t = reader;
      if (t != null) {
        t.interrupt();
      }
    }
  }

  int read(byte[] buf) throws IOException {
    reader = Thread.currentThread();
    readSince = System.nanoTime();
    try {
      int n = in.read(buf);
      if (stalled) {
        throw new Stalled(timeout, null);
      }
      return n;
    } catch (IOException | RuntimeException e) {
      if (stalled) {
        Thread.interrupted(); // our interrupt, not the caller's
        throw new Stalled(timeout, e);
      }
      throw e;
    } finally {
      readSince = 0;
    }
  }

  @Override
  public void close() {
    task.cancel(false);
    if (stalled) {
      Thread.interrupted();
    }
  }
}
