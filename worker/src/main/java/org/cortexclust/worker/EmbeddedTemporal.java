package org.cortexclust.worker;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The embedded Temporal server of the local mode: the Java test server's services on a gRPC server bound to
 * 127.0.0.1 only ({@code TestServer.createPortBoundServer} would bind every interface). In-memory: workflow state
 * does not outlive the process; durability lives in the artifact store (manifests, checkpoints), and re-running
 * the same command resumes from there. Uses an internal class of temporal-test-server, pinned to 1.38.0.
 */
public final class EmbeddedTemporal implements AutoCloseable {
  private final TestServicesStarter services;
  private final Server server;

  private EmbeddedTemporal(TestServicesStarter services, Server server) {
    this.services = services;
    this.server = server;
  }

  /** Start on 127.0.0.1:{@code port} (0 = any free port); time skipping off (real time). */
  public static EmbeddedTemporal start(int port) throws IOException {
    TestServicesStarter services = new TestServicesStarter(true, 0);
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port));
    for (BindableService s : services.getServices()) {
      b.addService(s);
    }
    Server server = b.build();
    try {
      server.start();
    } catch (IOException e) {
      services.close();
      throw new IOException("cannot start the embedded Temporal server on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    return new EmbeddedTemporal(services, server);
  }

  public int port() {
    return server.getPort();
  }

  public String target() {
    return "127.0.0.1:" + port();
  }

  @Override
  public void close() {
    server.shutdownNow();
    services.close();
  }
}
