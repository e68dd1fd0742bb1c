package dev.tailor.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.FactsStore;
import dev.tailor.ingest.EventPublisher;
import dev.tailor.ingest.IngestConfig;
import dev.tailor.ingest.RefusedCall;
import dev.tailor.ingest.RefusedCallPublisher;
import dev.tailor.ingest.SegmentCallReader;
import dev.tailor.ingest.SegmentRequestParser;
import dev.tailor.shared.error.Problem.FieldError;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Runs one import: reads the file a line at a time, checks each line as the HTTP API checks a call (Segment Spec
 * limits, normalised traits), and publishes calls in batches of {@code tailor.imports.batch-size}, each awaited
 * until Kafka acknowledges it, so memory stays bounded whatever the file's size. Refused lines go to the
 * dead-letter topic like refused live calls. A line without a messageId gets one derived from the kind, the
 * import's source and the line's content, so that importing the same file again is counted once (within the
 * facts store's dedup window).
 */
@ApplicationScoped
public class ImportWorker {

    private static final String MESSAGE_ID_PREFIX = "import-";

    private final SegmentRequestParser calls;
    private final EventPublisher events;
    private final RefusedCallPublisher deadLetters;
    private final FactsStore facts;
    private final ImportJobs jobs;
    private final ObjectMapper json;
    private final ImportConfig config;
    private final IngestConfig ingest;

    public ImportWorker(
            SegmentRequestParser calls,
            EventPublisher events,
            RefusedCallPublisher deadLetters,
            FactsStore facts,
            ImportJobs jobs,
            ObjectMapper json,
            ImportConfig config,
            IngestConfig ingest) {
        this.calls = calls;
        this.events = events;
        this.deadLetters = deadLetters;
        this.facts = facts;
        this.jobs = jobs;
        this.json = json;
        this.config = config;
        this.ingest = ingest;
    }

    /** What one import reads; the file is deleted once it is done. */
    record Upload(
            long id, ImportKind kind, ImportFormat format, String source, Map<String, String> mapping, Path file) {}

    /** Opens an uploaded file's lines; a CSV file's header is read and checked at once. */
    RowSource open(Path file, ImportFormat format, ImportKind kind, Map<String, String> mapping) throws IOException {
        if (format != ImportFormat.CSV) {
            return new NdjsonRows(
                    new BufferedInputStream(Files.newInputStream(file)),
                    json,
                    kind,
                    ingest.maxEventSize().asLongValue());
        }
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            return new CsvRows(reader, kind, mapping);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    void run(Upload upload) {
        ImportProgress progress = new ImportProgress(config.maxRefusalsListed());
        String error = null;
        try {
            jobs.started(upload.id());
            try (RowSource rows = open(upload.file(), upload.format(), upload.kind(), upload.mapping())) {
                Batch batch = new Batch();
                for (ImportRow row = rows.next(); row != null; row = rows.next()) {
                    progress.read(row.line());
                    take(upload, rows, row, batch, progress);
                    if (batch.size() >= config.batchSize()) {
                        publish(upload, batch, progress);
                    }
                }
                publish(upload, batch, progress);
            }
        } catch (IOException | RuntimeException e) {
            // Commons CSV reports an unreadable file (an unclosed quote) as an unchecked IOException.
            error = "stopped after line " + progress.line() + ": " + describe(e);
            Log.warnf("Import %d %s", upload.id(), error);
        } finally {
            delete(upload.file());
        }
        jobs.finished(upload.id(), progress, error);
        Log.infof(
                "Import %d %s: %d line(s) read, %d imported, %d refused, %d merged",
                upload.id(),
                error == null ? "done" : "failed",
                progress.linesRead(),
                progress.imported(),
                progress.refused(),
                progress.merged());
    }

    /** The calls of one batch, accepted and refused, in file order. */
    private static final class Batch {
        final List<CustomerEvent> accepted = new ArrayList<>();
        final List<RefusedCall> refused = new ArrayList<>();

        int size() {
            return accepted.size() + refused.size();
        }

        void clear() {
            accepted.clear();
            refused.clear();
        }
    }

    private void take(Upload upload, RowSource rows, ImportRow row, Batch batch, ImportProgress progress) {
        List<FieldError> errors = new ArrayList<>(row.errors());
        CustomerEvent event = null;
        if (errors.isEmpty()) {
            ObjectNode call = row.call();
            if (!call.hasNonNull("messageId")) {
                call.put("messageId", messageId(upload, row));
            }
            event = calls.readCall(call, "", MissingNode.getInstance(), Instant.now(), errors);
        }
        if (errors.isEmpty()) {
            batch.accepted.add(event);
            return;
        }
        List<FieldError> inFile = errors.stream()
                .map(error -> new FieldError(rows.fieldInFile(error), error.detail()))
                .toList();
        progress.refusal(
                new Refusal(row.line(), inFile.get(0).field(), inFile.get(0).detail()));
        String sent = row.call() == null ? row.content() : write(row.call());
        batch.refused.add(new RefusedCall(
                (int) Math.min(row.line(), Integer.MAX_VALUE),
                inFile,
                sent,
                SegmentCallReader.customerIdOf(row.call())));
    }

    /** The same line of the same kind and source always gets the same id, whichever file it comes in. */
    static String messageId(Upload upload, ImportRow row) {
        String source = upload.source() == null ? "" : upload.source();
        return MESSAGE_ID_PREFIX + DigestUtils.sha256Hex(upload.kind().label() + "\n" + source + "\n" + row.content());
    }

    /** Publishes a batch and waits for Kafka; a batch Kafka does not take is tried again with growing waits. */
    private void publish(Upload upload, Batch batch, ImportProgress progress) throws IOException {
        if (batch.size() == 0) {
            return;
        }
        long merged = merged(batch.accepted);
        Duration wait = config.publishBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                // An administrator's upload: its identify calls may merge known customers, as the admin API may.
                events.publish(batch.accepted.stream()
                                .map(CustomerEvent::identityTrustedCopy)
                                .toList())
                        .await()
                        .indefinitely();
                deadLetters
                        .publish(batch.refused, "import " + upload.id())
                        .await()
                        .indefinitely();
                break;
            } catch (RuntimeException e) {
                if (attempt >= config.publishAttempts()) {
                    throw e;
                }
                Log.warnf(
                        "Import %d: batch not acknowledged (attempt %d), retrying in %s: %s",
                        upload.id(), attempt, wait, e.getMessage());
                sleep(wait);
                wait = wait.multipliedBy(2);
            }
        }
        progress.published(batch.accepted.size(), batch.refused.size(), merged);
        batch.clear();
        jobs.progressed(upload.id(), progress);
    }

    /** Identify calls whose customer already has facts: their traits are merged into the existing profile. */
    private long merged(List<CustomerEvent> accepted) {
        List<CustomerEvent> identifies =
                accepted.stream().filter(e -> "identify".equals(e.type())).toList();
        if (identifies.isEmpty()) {
            return 0;
        }
        Set<String> known = facts.known(
                        identifies.stream().map(CustomerEvent::customerId).collect(Collectors.toSet()))
                .await()
                .atMost(Duration.ofSeconds(30));
        return identifies.stream().filter(e -> known.contains(e.customerId())).count();
    }

    private String write(ObjectNode call) {
        try {
            return json.writeValueAsString(call);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed line could not be written back as JSON", e);
        }
    }

    private static String describe(Exception e) {
        Throwable cause = e.getCause() != null && e instanceof java.io.UncheckedIOException ? e.getCause() : e;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static void sleep(Duration wait) throws IOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warnf("Import file %s could not be deleted: %s", file, e.getMessage());
        }
    }
}
