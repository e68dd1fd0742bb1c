package dev.tailor.imports;

import dev.tailor.shared.error.InvalidRequestException;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Bulk imports of customer records and historical events. An upload is streamed to a file (never held in memory),
 * checked enough to refuse a file that cannot be imported at all (unknown kind or format, a CSV header without
 * the columns the kind needs), recorded, and imported in the background by {@link ImportWorker}, one import at a
 * time per node so that an import never starves live ingest of the broker.
 */
@ApplicationScoped
public class ImportService {

    private final ImportWorker worker;
    private final ImportJobs jobs;
    private final ImportConfig config;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "tailor-import");
        thread.setDaemon(true);
        return thread;
    });

    public ImportService(ImportWorker worker, ImportJobs jobs, ImportConfig config) {
        this.worker = worker;
        this.jobs = jobs;
        this.config = config;
    }

    /**
     * @param kind {@code customers} or {@code events}
     * @param contentType {@code text/csv} or {@code application/x-ndjson}
     * @param source a name for where the file comes from; part of each line's derived messageId
     * @param map CSV column renames, {@code Column:name,Other column:name}
     * @return the queued import
     * @throws InvalidRequestException naming the field that makes the upload unusable
     */
    public ImportReport start(String kind, String contentType, String source, String map, InputStream body) {
        ImportKind importKind = kindOf(kind);
        ImportFormat format = ImportFormat.of(contentType)
                .orElseThrow(
                        () -> new InvalidRequestException("Content-Type", "must be text/csv or application/x-ndjson"));
        Map<String, String> mapping = mappingOf(map, format);
        Path file = spool(body);
        try {
            long bytes = Files.size(file);
            if (bytes == 0) {
                throw new InvalidRequestException("body", "is empty; expected a CSV or NDJSON file");
            }
            // Opening reads a CSV header and refuses one that cannot make calls of this kind.
            worker.open(file, format, importKind, mapping).close();
            ImportReport queued = jobs.create(importKind, format, source, bytes);
            runner.submit(
                    () -> worker.run(new ImportWorker.Upload(queued.id(), importKind, format, source, mapping, file)));
            Log.infof("Import %d queued: %s %s, %d bytes", queued.id(), importKind.label(), format.label(), bytes);
            return queued;
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    public ImportReport report(long id) {
        return jobs.report(id);
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }

    private static ImportKind kindOf(String kind) {
        try {
            return ImportKind.valueOf(kind == null ? "" : kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("kind", "must be customers or events");
        }
    }

    private static Map<String, String> mappingOf(String map, ImportFormat format) {
        if (map == null || map.isBlank()) {
            return Map.of();
        }
        if (format != ImportFormat.CSV) {
            throw new InvalidRequestException("map", "renames CSV columns; NDJSON lines are Segment calls");
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String pair : map.split(",")) {
            String[] parts =
                    Arrays.stream(pair.split(":", -1)).map(String::strip).toArray(String[]::new);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new InvalidRequestException(
                        "map",
                        "must be column:name pairs separated by commas, e.g. "
                                + "Email Address:email,Customer No:user_id");
            }
            mapping.put(parts[0], parts[1]);
        }
        return mapping;
    }

    private Path spool(InputStream body) {
        try {
            Path file = config.spoolDir().isPresent()
                    ? Files.createTempFile(
                            Files.createDirectories(config.spoolDir().get()), "tailor-import-", ".part")
                    : Files.createTempFile("tailor-import-", ".part");
            try (InputStream in = body) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                delete(file);
                throw e;
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("The uploaded file could not be stored: " + e.getMessage(), e);
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
