package dev.riffle.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A slow client: connects to a loopback port, sends the start of a request, falls silent, and measures how long the
 * server keeps the connection open. A server without an idle timeout would hold it for as long as Quarkus's default
 * (30 minutes).
 */
public final class IdleConnections {
    private IdleConnections() {}

    /**
     * How long the server took to close a connection that sent only {@code partialRequest}.
     *
     * @throws IOException if it was still open after {@code atMost}
     */
    public static Duration closedAfter(int port, String partialRequest, Duration atMost) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) atMost.toMillis());
            s.getOutputStream().write(partialRequest.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            long start = System.nanoTime();
            try {
                while (s.getInputStream().read() >= 0) {
                    // a server may answer (408) before closing: read until the end
                }
            } catch (SocketTimeoutException e) {
                throw new IOException("the connection was still open after " + atMost.toSeconds() + " s", e);
            } catch (IOException reset) {
                // closed with a reset: closed all the same
            }
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }
}
