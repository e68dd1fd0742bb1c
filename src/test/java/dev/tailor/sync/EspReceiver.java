package dev.tailor.sync;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in ESP for webhook tests: a real HTTP server on a free port that answers with the statuses it is told
 * (then 200), and remembers what arrived, signature header included.
 */
final class EspReceiver implements AutoCloseable {

    record Received(String body, String signature, String idempotencyKey, long atNanos) {}

    private final HttpServer server;
    private final Queue<int[]> scripted = new ConcurrentLinkedQueue<>();
    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile int fallbackStatus = 200;
    /**
     * When set, the scripted answers go only to requests whose body contains it (tests share the segment-changes
     * topic, so other customers' changes reach the receiver too).
     */
    volatile String scriptedFor;

    EspReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            received.add(new Received(
                    body,
                    exchange.getRequestHeaders().getFirst("Tailor-Signature"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    System.nanoTime()));
            int[] answer = scriptedFor == null || body.contains(scriptedFor) ? scripted.poll() : null;
            int status = answer == null ? fallbackStatus : answer[0];
            if (answer != null && answer[1] > 0) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(answer[1]));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The next answers, in order: a status and a Retry-After in seconds (0 for none). */
    void answer(int status, int retryAfterSeconds) {
        scripted.add(new int[] {status, retryAfterSeconds});
    }

    String url() {
        // localhost is on tailor.sync.allowed-hosts in tests; 127.0.0.1 itself is refused like any inside address.
        return "http://localhost:" + server.getAddress().getPort() + "/hooks";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
