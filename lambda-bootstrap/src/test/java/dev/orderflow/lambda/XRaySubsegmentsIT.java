package dev.orderflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.core.internal.JsonText;
import dev.orderflow.lambda.appsync.SampleEvents;
import dev.orderflow.lambda.bench.LocalFunctions;
import dev.orderflow.lambda.bench.LocalRuntimeApi;
import dev.orderflow.lambda.bench.ProbeFunction;
import dev.orderflow.lambda.testing.LambdaJson;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar's resolver under the Lambda runtime interface client, with a sampled trace header and a UDP socket as
 * the X-Ray daemon: its SDK calls arrive as subsegments of the invocation's trace; unsampled, nothing arrives.
 */
class XRaySubsegmentsIT {
  private static final Path JAR = Path.of(System.getProperty("orderflow.lambda.jar", "target/orderflow-lambda.jar"));
  private static final String ROOT = "1-5bef4de7-ad49b0e87f6ef6c87fc2e700";
  private static final String PARENT = "9a9197af755a6419";
  private static final String HEADER_LINE = "{\"format\":\"json\",\"version\":1}\n";

  private static LocalFunctions functions;

  @BeforeAll
  static void startServers() {
    functions = LocalFunctions.start();
  }

  @AfterAll
  static void stopServers() {
    if (functions != null) {
      functions.close();
    }
  }

  private static List<String> run(String traceHeader, String clientToken) throws IOException {
    try (DatagramSocket daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      String previous = System.getProperty(LocalRuntimeApi.TRACE_HEADER_PROPERTY);
      System.setProperty(LocalRuntimeApi.TRACE_HEADER_PROPERTY, traceHeader);
      LocalFunctions.Run run;
      try {
        run = functions.invokeThroughRuntime(functions.taskRoot(JAR), "resolver", ProbeFunction.RESOLVER.handler(),
            List.of(LambdaJson.json(SampleEvents.postOrder(clientToken))),
            Map.of("AWS_XRAY_DAEMON_ADDRESS", "udp:127.0.0.1:" + daemon.getLocalPort() + " tcp:127.0.0.1:2000"));
      } finally {
        if (previous == null) {
          System.clearProperty(LocalRuntimeApi.TRACE_HEADER_PROPERTY);
        } else {
          System.setProperty(LocalRuntimeApi.TRACE_HEADER_PROPERTY, previous);
        }
      }
      assertThat(run.exitCode()).as(run.stderr()).isZero();
      List<String> datagrams = new ArrayList<>();
      byte[] buffer = new byte[70_000];
      daemon.setSoTimeout(500);
      try {
        while (true) {
          DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
          daemon.receive(packet);
          datagrams.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        }
      } catch (SocketTimeoutException e) {
        return datagrams;
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSampledInvocationSendsItsSdkCallsAsSubsegments() throws IOException {
    List<String> datagrams = run("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1", "xray-sampled");

    assertThat(datagrams).isNotEmpty().allSatisfy(datagram -> assertThat(datagram).startsWith(HEADER_LINE));
    List<Map<String, Object>> documents = datagrams.stream()
        .map(datagram -> (Map<String, Object>) JsonText.read(datagram.substring(HEADER_LINE.length()))).toList();
    assertThat(documents).allSatisfy(document -> assertThat(document).containsEntry("type", "subsegment")
        .containsEntry("trace_id", ROOT).containsEntry("parent_id", PARENT).containsEntry("namespace", "aws"));
    assertThat(documents).anySatisfy(document -> {
      assertThat(document).containsEntry("name", "SQS");
      assertThat((Map<String, Object>) document.get("aws")).containsEntry("operation", "SendMessage")
          .containsKey("queue_url");
    });
  }

  @Test
  void anUnsampledInvocationSendsNothing() throws IOException {
    assertThat(run(LocalRuntimeApi.UNSAMPLED_TRACE_HEADER, "xray-unsampled")).isEmpty();
  }
}
