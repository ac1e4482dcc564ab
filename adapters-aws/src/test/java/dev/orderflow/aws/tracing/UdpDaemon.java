package dev.orderflow.aws.tracing;

import dev.orderflow.core.internal.JsonText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A stand-in for the X-Ray daemon: a UDP socket on 127.0.0.1, an ephemeral port, handing out what it received. */
public final class UdpDaemon implements AutoCloseable {
  private final DatagramSocket socket;

  public UdpDaemon() {
    try {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The address as Lambda sets {@code AWS_XRAY_DAEMON_ADDRESS}: {@code host:port}. */
  public String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  /** The datagrams received within {@code millis} after the last one (or the start), as text. */
  public List<String> received(long millis) {
    List<String> datagrams = new ArrayList<>();
    byte[] buffer = new byte[70_000];
    try {
      socket.setSoTimeout((int) millis);
      while (true) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        datagrams.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
      }
    } catch (SocketTimeoutException e) {
      return datagrams;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The segment document of {@code datagram}, after the header line it must start with. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> document(String datagram) {
    if (!datagram.startsWith(XRaySubsegments.HEADER_LINE)) {
      throw new AssertionError("no daemon header line: " + datagram);
    }
    return (Map<String, Object>) JsonText.read(datagram.substring(XRaySubsegments.HEADER_LINE.length()));
  }

  @Override
  public void close() {
    socket.close();
  }
}
