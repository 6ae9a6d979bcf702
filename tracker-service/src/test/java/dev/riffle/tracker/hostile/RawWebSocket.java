package dev.riffle.tracker.hostile;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client on a bare socket, so a test can send what a hostile client sends: one frame of any size (the
 * JDK client splits large messages into 64 KiB frames), and see exactly how the server ends the connection: with a
 * close frame and its code, or by dropping the TCP connection ({@link #DROPPED}, what a browser reports as 1006).
 */
final class RawWebSocket implements AutoCloseable {
    static final int DROPPED = 1006;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Upgrades {@code uri} (http://host:port/path?query) with the bearer token; fails unless the server says 101. */
    static RawWebSocket open(URI uri, String token) throws IOException {
        Socket s = new Socket(uri.getHost(), uri.getPort());
        s.setSoTimeout(10_000);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        RawWebSocket ws = new RawWebSocket(s);
        String status = ws.readLine();
        if (!status.contains(" 101 ")) throw new IOException("upgrade refused: " + status);
        while (!ws.readLine().isEmpty()) {
            // headers
        }
        return ws;
    }

    /** Sends one masked text frame ({@code fin} false starts a fragmented message; continuations use opcode 0). */
    void sendFrame(byte[] payload, boolean text, boolean fin) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write((fin ? 0x80 : 0) | (text ? 0x1 : 0x0));
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length);
        } else {
            f.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) f.write((int) ((long) payload.length >>> shift));
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        f.write(mask);
        byte[] masked = payload.clone();
        for (int i = 0; i < masked.length; i++) masked[i] ^= mask[i & 3];
        f.write(masked);
        try {
            out.write(f.toByteArray());
            out.flush();
        } catch (IOException e) {
            // the server may close while the frame is still going out; closeCode() tells how
        }
    }

    /**
     * Reads frames until the server's close frame and returns its code, or {@link #DROPPED} when the connection ends
     * without one. Fails after 10 s without either.
     */
    int closeCode() throws IOException {
        try {
            while (true) {
                int b0 = in.read();
                if (b0 < 0) return DROPPED;
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) len = in.readUnsignedShort();
                else if (len == 127) len = in.readLong();
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                if ((b0 & 0x0f) == 0x8) {
                    return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("the server neither closed nor dropped the connection within 10 s");
        } catch (IOException e) {
            return DROPPED; // reset by the server
        }
    }

    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
