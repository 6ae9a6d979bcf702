package dev.riffle.admin.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy to the origin that cuts the connection carrying the client's {@code dropAt}-th upstream byte,
 * once: a real dropped upload. With {@code staysDown} it also stops listening then, like an origin that went away.
 */
final class DroppingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final long dropAt;
    private final boolean staysDown;
    private final AtomicLong upstream = new AtomicLong();
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    DroppingProxy(int targetPort, long dropAt, boolean staysDown) throws IOException {
        this.targetPort = targetPort;
        this.dropAt = dropAt;
        this.staysDown = staysDown;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread t = new Thread(this::accept, "dropping-proxy");
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Bytes the client sent towards the origin through this proxy. */
    long upstreamBytes() {
        return upstream.get();
    }

    boolean dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket origin = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(origin);
                pump(client, origin, true);
                pump(origin, client, false);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean counted) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            if (counted) {
                                long before = upstream.getAndAdd(n);
                                if (before < dropAt && before + n >= dropAt && dropped.compareAndSet(false, true)) {
                                    int part = (int) (dropAt - before);
                                    out.write(buf, 0, part);
                                    out.flush();
                                    cut(from, to);
                                    return;
                                }
                            }
                            out.write(buf, 0, n);
                        }
                    } catch (IOException e) {
                        // the other side closed
                    } finally {
                        quietClose(from);
                        quietClose(to);
                    }
                },
                "dropping-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void cut(Socket a, Socket b) {
        if (staysDown) quietClose(server);
        quietClose(a);
        quietClose(b);
    }

    private static void quietClose(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        quietClose(server);
        open.forEach(DroppingProxy::quietClose);
    }
}
