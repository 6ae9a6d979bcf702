package dev.riffle.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Debian Chromium on the agent's app, step by step: {@code e2e/browser/app.mjs} (playwright-core) takes one JSON
 * command per line and answers one line; every step is bounded in time, and the process tree is killed on close.
 */
final class AppDriver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Path log;

    AppDriver(Path npmDir, URI app, Path shots, Path log) throws IOException {
        this.log = log;
        this.process = new ProcessBuilder(List.of(
                        "node",
                        "app.mjs",
                        "--app",
                        app.toString(),
                        "--chromium",
                        BrowserTools.CHROMIUM.toString(),
                        "--shots",
                        shots.toString()))
                .directory(npmDir.toFile())
                .redirectError(log.toFile())
                .start();
        this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(
                () -> {
                    try (var out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = out.readLine()) != null; ) replies.add(line);
                    } catch (IOException e) {
                        // the process ended
                    }
                },
                "app-driver-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends a command; returns its answer, or fails with the browser's error and console. */
    JsonNode step(String op, Duration within, Object... fields) throws Exception {
        ObjectNode cmd = JSON.createObjectNode().put("op", op);
        for (int i = 0; i < fields.length; i += 2) cmd.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
        in.write(cmd + "\n");
        in.flush();
        String line = replies.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError(
                    "the browser did not finish " + op + " in " + within + ":\n" + BrowserTools.tail(log));
        }
        JsonNode reply = JSON.readTree(line);
        if (!reply.path("ok").asBoolean()) {
            throw new AssertionError("browser step " + op + " failed: " + reply.toPrettyString());
        }
        return reply;
    }

    @Override
    public void close() throws Exception {
        try {
            in.write("{\"op\":\"quit\"}\n");
            in.flush();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            dev.riffle.testkit.ManagedProcess.killTree(process.pid(), Duration.ofSeconds(5));
        }
    }
}
