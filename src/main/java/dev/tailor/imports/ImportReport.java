package dev.tailor.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * An import as {@code GET /admin/imports/{id}} shows it: progress while it runs, the final report once done.
 *
 * @param linesRead rows (CSV, header excluded) or non-blank lines (NDJSON) read so far
 * @param imported calls written to the event log
 * @param refused lines refused (each also written to the dead-letter topic)
 * @param merged imported identify calls whose customer already had facts, so their traits merged into them
 * @param refusals the first refused lines (see {@code tailor.imports.max-refusals-listed}); {@code refused} counts all
 * @param error why a FAILED import stopped, and at which line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportReport(
        long id,
        String kind,
        String format,
        String source,
        String status,
        long fileBytes,
        long linesRead,
        long imported,
        long refused,
        long merged,
        List<Refusal> refusals,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {}
