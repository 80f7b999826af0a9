package org.cortexclust.worker;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/** Prometheus endpoint ({@code /metrics}) on the worker, bound to loopback unless told otherwise. */
public final class MetricsServer implements AutoCloseable {
  private static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final HttpServer http;

  private MetricsServer(HttpServer http) {
    this.http = http;
  }

  /** A registry with JVM and processor metrics bound. */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    r.config().commonTags("application", "cortexclust");
    new JvmMemoryMetrics().bindTo(r);
    new JvmGcMetrics().bindTo(r);
    new JvmThreadMetrics().bindTo(r);
    new ProcessorMetrics().bindTo(r);
    return r;
  }

  public static MetricsServer start(PrometheusMeterRegistry registry, String host, int port) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
    http.createContext("/metrics", ex -> {
      String accept = ex.getRequestHeaders().getFirst("Accept");
      String type = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT_004;
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      registry.scrape(buf, type);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(200, buf.size());
      try (OutputStream out = ex.getResponseBody()) {
        buf.writeTo(out);
      }
    });
    http.start();
    return new MetricsServer(http);
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
