import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * The hot customer's client for bench/hot-customer.sh: one process on one keep-alive connection, so that the client
 * costs the two shared cores little next to what it measures (a curl and a few tools a request cost about 40 ms of
 * CPU each, in bursts the quiet runs did not have). Started ahead, it waits for the go file, posts every batch of the
 * directory in name order, each again after its Retry-After while answered 429 and time is left, and writes
 * "sent refused finishedAtMillis" to the out file.
 *
 * <pre>java bench/HotClient.java BASE_URL API_KEY BATCH_DIR GO_FILE DURATION_SECONDS OUT_FILE</pre>
 */
public class HotClient {

    public static void main(String[] args) throws Exception {
        URI batch = URI.create(args[0] + "/v1/batch");
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":").getBytes(StandardCharsets.UTF_8));
        List<Path> files;
        try (Stream<Path> listed = Files.list(Path.of(args[2]))) {
            files = listed.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Path go = Path.of(args[3]);
        long durationMillis = Long.parseLong(args[4]) * 1000;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        while (!Files.exists(go)) {
            Thread.sleep(5);
        }
        long until = System.currentTimeMillis() + durationMillis;
        int sent = 0;
        int refused = 0;
        send:
        for (Path file : files) {
            HttpRequest request = HttpRequest.newBuilder(batch)
                    .header("Authorization", auth)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofFile(file))
                    .build();
            while (true) {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    sent += count(file);
                    break;
                }
                if (answer.statusCode() != 429) {
                    System.err.println("[hot-client] " + file.getFileName() + " answered " + answer.statusCode() + ": "
                            + answer.body().substring(0, Math.min(300, answer.body().length())));
                    break send;
                }
                refused++;
                long wait = answer.headers()
                                .firstValueAsLong("Retry-After")
                                .orElse(1) * 1000;
                if (System.currentTimeMillis() + wait >= until) {
                    break send;
                }
                Thread.sleep(wait);
            }
        }
        Files.writeString(Path.of(args[5]), sent + " " + refused + " " + System.currentTimeMillis() + "\n");
    }

    /** Calls in a batch file as bench/hot-customer.sh writes them: one "type" field each. */
    private static int count(Path file) throws Exception {
        String body = Files.readString(file);
        int calls = 0;
        for (int at = body.indexOf("\"type\":"); at >= 0; at = body.indexOf("\"type\":", at + 1)) {
            calls++;
        }
        return calls;
    }
}
